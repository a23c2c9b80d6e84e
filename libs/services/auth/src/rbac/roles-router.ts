import {
  createRoleInputSchema,
  deleteRoleInputSchema,
  listRolesInputSchema,
  roleSchema,
  updateRoleInputSchema,
} from "@cauldron/contracts";
import { protectedProcedure, router } from "@cauldron/rpc";
import { z } from "zod";
import { steppedUpProcedure } from "../security/procedures";
import { createRole } from "./create-role";
import { deleteRole } from "./delete-role";
import { listRoles } from "./list-roles";
import { assignRoleProcedure, unassignRoleProcedure } from "./role-assignments";
import { updateRole } from "./update-role";

/** auth.roles.*: custom roles (per organization, or global for platform administrators) and their assignment. */
export const rolesRouter = router({
  list: protectedProcedure
    .meta({ scope: "roles:read" })
    .input(listRolesInputSchema)
    .output(z.array(roleSchema))
    .query(({ ctx, input }) => listRoles(ctx, input)),
  create: steppedUpProcedure
    .input(createRoleInputSchema)
    .output(roleSchema)
    .mutation(({ ctx, input }) => createRole(ctx, ctx.user.userId, input)),
  update: steppedUpProcedure
    .input(updateRoleInputSchema)
    .output(roleSchema)
    .mutation(({ ctx, input }) => updateRole(ctx, ctx.user.userId, input)),
  delete: steppedUpProcedure
    .input(deleteRoleInputSchema)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteRole(ctx, ctx.user.userId, input.roleId);
      return { ok: true as const };
    }),
  assign: assignRoleProcedure,
  unassign: unassignRoleProcedure,
});
