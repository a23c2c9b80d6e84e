import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import {
  assertGrantable,
  assertOutranksHolders,
  authorizeRoleManagement,
  inRoleScope,
  loadRole,
  roleHolders,
} from "./role-authorization";
import { recordRoleChange } from "./role-changes";

/** Deletes a custom role, which takes it from everyone holding it; built-in roles stay. */
export async function deleteRole(ctx: RequestContext, userId: string, roleId: string): Promise<void> {
  const role = await loadRole(ctx.db, roleId);
  if (role.is_system) throw new TRPCError({ code: "FORBIDDEN", message: "Built-in roles cannot be deleted" });
  const scope = role.organization_id;
  const grants = await authorizeRoleManagement(ctx.db, userId, scope);
  assertGrantable(grants, role.permissions, scope);
  await inRoleScope(ctx.db, userId, scope, async (trx) => {
    await assertOutranksHolders(trx, grants, await roleHolders(trx, role.id), "delete this role");
    await trx.deleteFrom("roles").where("id", "=", role.id).execute();
    await recordRoleChange(trx, ctx, { id: role.id, name: role.name, organizationId: scope }, "deleted");
  });
}
