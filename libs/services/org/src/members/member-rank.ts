import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import { permissionsHeldBy, rankShortfall, type HoldsPermission } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";

/** The permissions of a built-in organization role, as the platform resolves a membership's grants. */
async function builtInRolePermissions(trx: Transaction<Database>, role: OrganizationRole): Promise<string[]> {
  const rows = await trx
    .selectFrom("roles as r")
    .innerJoin("role_permissions as rp", "rp.role_id", "r.id")
    .innerJoin("permissions as p", "p.id", "rp.permission_id")
    .select("p.name")
    .where("r.name", "=", role)
    .where("r.organization_id", "is", null)
    .where("r.is_system", "=", true)
    .execute();
  return rows.map((row) => row.name);
}

/**
 * Granting a role (by a role change or an invitation) needs every permission of that role, so
 * nobody hands out more than they hold.
 */
export async function assertMayGrantRole(
  trx: Transaction<Database>,
  holds: HoldsPermission,
  role: OrganizationRole,
): Promise<void> {
  const lacking = rankShortfall(holds, await builtInRolePermissions(trx, role));
  if (lacking.length > 0) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `Granting the ${role} role needs every permission it grants; you lack ${lacking.join(", ")}`,
    });
  }
}

/**
 * Changing or ending someone's membership needs outranking them: holding every permission their
 * roles in this organization grant (the membership role and roles assigned here).
 */
export async function assertOutranksMember(
  trx: Transaction<Database>,
  holds: HoldsPermission,
  organizationId: string,
  userId: string,
): Promise<void> {
  const lacking = rankShortfall(holds, await permissionsHeldBy(trx, [{ userId, organizationId }]));
  if (lacking.length > 0) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This member holds permissions you do not (${lacking.join(", ")}), so you cannot change their membership`,
    });
  }
}
