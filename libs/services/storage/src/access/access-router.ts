import {
  accessGrantPageSchema,
  accessGrantSchema,
  grantAccessInputSchema,
  listAccessInputSchema,
  revokeAccessInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { grantAccess } from "./grant-access";
import { listAccess } from "./list-access";
import { revokeAccess } from "./revoke-access";

/**
 * storage.access.*: grants on buckets and objects to members, teams, roles or the organization.
 * Changing them takes storage:write here and, inside, storage:manage or admin rank on the target.
 */
export const accessRouter = router({
  grant: permittedWriteProcedure("storage:write")
    .input(grantAccessInputSchema)
    .output(accessGrantSchema)
    .mutation(({ ctx, input }) => grantAccess(ctx, input)),

  revoke: permittedWriteProcedure("storage:write")
    .input(revokeAccessInputSchema)
    .output(accessGrantSchema)
    .mutation(({ ctx, input }) => revokeAccess(ctx, input.grantId)),

  list: permittedProcedure("storage:read")
    .input(listAccessInputSchema)
    .output(accessGrantPageSchema)
    .query(({ ctx, input }) => listAccess(ctx, input)),
});
