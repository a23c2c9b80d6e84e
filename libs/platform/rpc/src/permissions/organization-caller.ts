import { withTenant, type Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";
import { principalScopes, principalUserId, type Principal } from "../auth/principal";
import type { RequestContext } from "../context";
import { resolveOrganizationAccess, type OrganizationAccess } from "./organization-access";
import { isEffectivelyGranted } from "./permission-match";
import { assertMayActInOrganization, type PermissionName } from "./procedure-scope";
import { assertSecondFactor } from "./second-factor";

/** A caller admitted into one organization: what it may do there and how its queries are confined. */
export interface OrganizationCaller {
  organizationId: string;
  /** Known from a user's access look-up; null for a service, whose write procedures read it when needed. */
  organizationArchived: boolean | null;
  can(permission: string): boolean;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/**
 * Decides a user's admission from their access look-up: refused when they are not a member (nor
 * hold a global role), or when the organization or the user asks for a second factor the caller
 * has not verified; otherwise returns what they hold there.
 */
export function admittedAccess(principal: Principal, access: OrganizationAccess | null): OrganizationAccess {
  if (!access) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization" });
  }
  assertSecondFactor(principal, access);
  return access;
}

/** The refusal of a caller that lacks a procedure's permission. */
export function permissionRefusal(permission: PermissionName): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message: `This needs the ${permission} permission` });
}

/**
 * Admits a principal into an organization: a member of it (with a second factor verified when the
 * user enrolled one or the organization requires it), or a service whose token names it. One
 * database round trip decides membership, grants and second-factor needs. Used by organization
 * procedures and by plain HTTP routes alike, so both authorize the same way.
 */
export async function admitToOrganization(
  ctx: Pick<RequestContext, "db">,
  principal: Principal,
  organizationId: string,
): Promise<OrganizationCaller> {
  assertMayActInOrganization(principal, organizationId);
  const userId = principalUserId(principal);
  let grants: readonly string[];
  let organizationArchived: boolean | null = null;
  if (userId === null) {
    // A service acting on its own holds what its token grants, nothing more.
    grants = principalScopes(principal) ?? [];
  } else {
    const access = admittedAccess(principal, await resolveOrganizationAccess(ctx.db, userId, organizationId));
    grants = access.grants;
    organizationArchived = access.archived;
  }
  const scopes = userId === null ? null : principalScopes(principal);
  return {
    organizationId,
    organizationArchived,
    can: (permission) => isEffectivelyGranted(grants, scopes, permission),
    tenant: (work) => withTenant(ctx.db, { userId, organizationId }, work),
  };
}
