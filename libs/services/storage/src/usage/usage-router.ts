import { setQuotaInputSchema, storageUsageSchema } from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { z } from "zod";
import { setQuota } from "./set-quota";
import { organizationUsage } from "./usage-queries";

/** storage.usage.*: what the organization stores against its limits. */
export const usageRouter = router({
  get: permittedProcedure("storage:read")
    .input(z.object({}).strict().optional())
    .output(storageUsageSchema)
    .query(({ ctx }) => ctx.tenant((trx) => organizationUsage(trx, ctx.organizationId))),

  // Quotas bound what an organization may store, so the platform's operators set them, not its owners.
  setQuota: permittedWriteProcedure("users:admin")
    .input(setQuotaInputSchema)
    .output(storageUsageSchema)
    .mutation(({ ctx, input }) => setQuota(ctx.db, ctx, input)),
});
