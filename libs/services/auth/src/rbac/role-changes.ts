import type { Database } from "@cauldron/db";
import { recordChange } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { SecurityRequest } from "../security/security-events";
import { permissionIds, type RoleScope } from "./role-authorization";

/** Sets a role's permissions to exactly `names`. */
export async function replacePermissions(
  trx: Transaction<Database>,
  roleId: string,
  scope: RoleScope,
  names: readonly string[],
): Promise<void> {
  const ids = await permissionIds(trx, names);
  await trx.deleteFrom("role_permissions").where("role_id", "=", roleId).execute();
  if (ids.length === 0) return;
  await trx
    .insertInto("role_permissions")
    .values(ids.map((permissionId) => ({ role_id: roleId, permission_id: permissionId, organization_id: scope })))
    .execute();
}

/** Records a change to a role (audit row and `role.changed` event). */
export function recordRoleChange(
  trx: Transaction<Database>,
  ctx: SecurityRequest,
  role: { id: string; name: string; organizationId: RoleScope },
  change: "created" | "updated" | "deleted",
  metadata: Record<string, unknown> = {},
): Promise<void> {
  return recordChange(trx, ctx, {
    action: `role.${change}`,
    organizationId: role.organizationId,
    target: { type: "role", id: role.id },
    metadata: { name: role.name, ...metadata },
    events: [
      {
        name: "role.changed",
        payload: {
          roleId: role.id,
          roleName: role.name,
          organizationId: role.organizationId,
          change,
          changedByUserId: ctx.principal?.kind === "user" ? ctx.principal.userId : null,
        },
        aggregate: { type: "role", id: role.id },
      },
    ],
  });
}
