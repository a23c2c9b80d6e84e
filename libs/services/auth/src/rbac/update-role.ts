import type { RoleView, updateRoleInputSchema } from "@cauldron/contracts";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import {
  assertGrantable,
  assertKnownPermissions,
  assertOutranksHolders,
  authorizeRoleManagement,
  inRoleScope,
  loadRole,
  roleHolders,
} from "./role-authorization";
import { recordRoleChange, replacePermissions } from "./role-changes";

/** Changes a custom role's description or permissions; built-in roles stay as they are. */
export async function updateRole(
  ctx: RequestContext,
  userId: string,
  input: z.infer<typeof updateRoleInputSchema>,
): Promise<RoleView> {
  const role = await loadRole(ctx.db, input.roleId);
  if (role.is_system) throw new TRPCError({ code: "FORBIDDEN", message: "Built-in roles cannot be changed" });
  const scope = role.organization_id;
  const grants = await authorizeRoleManagement(ctx.db, userId, scope);
  const permissions = input.permissions ? [...new Set(input.permissions)].sort() : role.permissions;
  if (input.permissions) await assertKnownPermissions(ctx.db, permissions);
  assertGrantable(grants, [...role.permissions, ...permissions], scope);
  const description = input.description === undefined ? role.description : input.description;
  return inRoleScope(ctx.db, userId, scope, async (trx) => {
    await assertOutranksHolders(trx, grants, await roleHolders(trx, role.id), "change this role");
    await trx.updateTable("roles").set({ description }).where("id", "=", role.id).execute();
    if (input.permissions) await replacePermissions(trx, role.id, scope, permissions);
    await recordRoleChange(trx, ctx, { id: role.id, name: role.name, organizationId: scope }, "updated", {
      permissions,
    });
    await recordChange(trx, ctx, {
      action: "permissions.changed",
      organizationId: scope,
      target: { type: "role", id: role.id },
      events: [
        {
          name: "permissions.changed",
          payload: { roleId: role.id, userId: null, organizationId: scope },
          aggregate: { type: "role", id: role.id },
        },
      ],
    });
    return { id: role.id, name: role.name, description, organizationId: scope, isSystem: false, permissions };
  });
}
