import type { CanResult } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import {
  isEffectivelyGranted,
  isGranted,
  principalOrganizationId,
  principalScopes,
  principalUserId,
  secondFactorRefusal,
  type Principal,
} from "@cauldron/rpc";
import type { Kysely } from "kysely";
import { globalGrants, organizationGrants, readAccess } from "./access-queries";

const DENIED: CanResult = { allowed: false };

/**
 * Whether the principal may use a permission: everywhere (global roles) or within one organization
 * (membership role, roles assigned there, global roles), narrowed by a token's scopes. A token
 * bound to one organization holds nothing elsewhere; a service holds only what its token grants,
 * within the organization it names, and no more than the user it acts for. Inside an organization
 * the answer is what organization procedures would decide, second-factor requirement included.
 */
export async function decidePermission(
  db: Kysely<Database>,
  principal: Principal,
  permission: string,
  organizationId: string | null,
): Promise<CanResult> {
  const bound = principalOrganizationId(principal);
  if (bound !== null && bound !== organizationId) return DENIED;
  if (principal.kind === "service" && organizationId !== null && bound === null) return DENIED;
  const scopes = principalScopes(principal);
  const userId = principalUserId(principal);
  if (userId === null) return { allowed: isGranted(scopes ?? [], permission) };
  const decision = await readAccess(db, async (trx) => {
    if (organizationId === null) return { grants: await globalGrants(trx, userId), protection: null };
    const access = await organizationGrants(trx, userId, organizationId);
    // Outside their organizations, only platform-wide roles count.
    return { grants: access.isMember ? access.grants : await globalGrants(trx, userId), protection: access };
  });
  if (!isEffectivelyGranted(decision.grants, scopes, permission)) return DENIED;
  if (decision.protection && secondFactorRefusal(principal, decision.protection)) {
    return { allowed: false, reason: "mfa_required" };
  }
  return { allowed: true };
}
