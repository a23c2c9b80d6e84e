import { auditPageSchema, listAuditInputSchema } from "@cauldron/contracts";
import { permittedProcedure, router } from "@cauldron/rpc";
import { listAuditEntries } from "./audit-queries";

/** org.audit.*: list (the NDJSON export is a plain HTTP route, see audit-export-route.ts). */
export const auditRouter = router({
  list: permittedProcedure("audit:read")
    .input(listAuditInputSchema)
    .output(auditPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listAuditEntries(trx, ctx.organizationId, input))),
});
