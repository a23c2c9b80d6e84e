import type { Database } from "@cauldron/db";
import {
  isEffectivelyGranted,
  isGranted,
  principalOrganizationId,
  principalScopes,
  principalUserId,
  type Principal,
} from "@cauldron/rpc";
import type { Kysely } from "kysely";
import { globalGrants, organizationGrants, readAccess } from "./access-queries";

/**
 * Whether the principal holds a permission: everywhere (global roles) or within one organization
 * (membership role, roles assigned there, global roles), narrowed by a token's scopes. A token
 * bound to one organization holds nothing elsewhere; a service holds only what its token grants,
 * within the organization it names, and no more than the user it acts for.
 */
export async function decidePermission(
  db: Kysely<Database>,
  principal: Principal,
  permission: string,
  organizationId: string | null,
): Promise<boolean> {
  const bound = principalOrganizationId(principal);
  if (bound !== null && bound !== organizationId) return false;
  if (principal.kind === "service" && organizationId !== null && bound === null) return false;
  const scopes = principalScopes(principal);
  const userId = principalUserId(principal);
  if (userId === null) return isGranted(scopes ?? [], permission);
  const grants = await readAccess(db, async (trx) => {
    if (organizationId === null) return globalGrants(trx, userId);
    const access = await organizationGrants(trx, userId, organizationId);
    if (access.isMember) return access.grants;
    // Outside their organizations, only platform-wide roles count.
    return globalGrants(trx, userId);
  });
  return isEffectivelyGranted(grants, scopes, permission);
}
