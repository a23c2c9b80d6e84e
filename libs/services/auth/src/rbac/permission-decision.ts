import type { Database } from "@cauldron/db";
import { isEffectivelyGranted, type Principal } from "@cauldron/rpc";
import type { Kysely } from "kysely";
import { globalGrants, organizationGrants, readAccess } from "./access-queries";

/**
 * Whether the principal holds a permission: everywhere (global roles) or within one organization
 * (membership role, roles assigned there, global roles), narrowed by an API token's scopes.
 * Services act for the platform and hold every permission.
 */
export async function decidePermission(
  db: Kysely<Database>,
  principal: Principal,
  permission: string,
  organizationId: string | null,
): Promise<boolean> {
  if (principal.kind === "service") return true;
  const scopes = principal.kind === "api_token" ? principal.scopes : null;
  const grants = await readAccess(db, async (trx) => {
    if (organizationId === null) return globalGrants(trx, principal.userId);
    const access = await organizationGrants(trx, principal.userId, organizationId);
    if (access.isMember) return access.grants;
    // Outside their organizations, only platform-wide roles count.
    return globalGrants(trx, principal.userId);
  });
  return isEffectivelyGranted(grants, scopes, permission);
}
