import {
  listMembersInputSchema,
  memberPageSchema,
  memberSchema,
  removeMemberInputSchema,
  updateMemberRoleInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { listMembers } from "./member-queries";
import { removeMember } from "./remove-member";
import { removedMemberSchema } from "./removed-member";
import { updateMemberRole } from "./update-member-role";

/** org.members.*: list, updateRole, remove. */
export const membersRouter = router({
  list: permittedProcedure("members:read")
    .meta({ admitWithFirstStatement: true })
    .input(listMembersInputSchema)
    .output(memberPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listMembers(trx, ctx.organizationId, input))),
  updateRole: permittedWriteProcedure("members:update")
    .input(updateMemberRoleInputSchema)
    .output(memberSchema)
    .mutation(({ ctx, input }) => ctx.tenant((trx) => updateMemberRole(trx, ctx, input))),
  remove: permittedWriteProcedure("members:remove")
    .input(removeMemberInputSchema)
    .output(removedMemberSchema)
    .mutation(({ ctx, input }) => ctx.tenant((trx) => removeMember(trx, ctx, input))),
});
