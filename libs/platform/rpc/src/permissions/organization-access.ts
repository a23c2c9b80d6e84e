import { organizationAsCaller, type Database } from "@cauldron/db";
import { sql, type Kysely, type RawBuilder } from "kysely";

/** What a user may do inside one organization, and what second-factor protection it asks for. */
export interface OrganizationAccess {
  organizationId: string;
  /** Permission grants, possibly with wildcards. */
  grants: string[];
  /** The user has enrolled a second factor, so their data needs a verified (aal2) session. */
  mfaEnrolled: boolean;
  /** security.mfa_required is on for the system or for this organization. */
  mfaRequired: boolean;
  /** The organization is archived: readable, but refusing every change until it is restored. */
  archived: boolean;
}

/** A row of app.organization_access. */
export interface OrganizationAccessRow {
  is_member: boolean;
  has_global_role: boolean;
  grants: string[];
  mfa_enrolled: boolean;
  mfa_required: boolean;
  archived: boolean;
}

/**
 * The look-up of a user's access to an organization, as a statement that stands alone or rides
 * in a transaction. app.organization_access is SECURITY DEFINER: authorization must see
 * memberships and settings whatever the tenant's policies allow.
 */
export function organizationAccessStatement(userId: string, organizationId: string): RawBuilder<OrganizationAccessRow> {
  return sql<OrganizationAccessRow>`
    select is_member, has_global_role, grants, mfa_enrolled, mfa_required, archived
    from app.organization_access(${organizationAsCaller(userId, organizationId)})
  `;
}

/** The access a look-up's row grants, or null when the user is neither a member nor holds a global role, or is disabled. */
export function accessOfRow(row: OrganizationAccessRow | undefined, organizationId: string): OrganizationAccess | null {
  if (!row || (!row.is_member && !row.has_global_role)) return null;
  return {
    organizationId,
    grants: row.grants,
    mfaEnrolled: row.mfa_enrolled,
    mfaRequired: row.mfa_required,
    archived: row.archived,
  };
}

/**
 * Resolves a user's grants in an organization: the built-in role named by their membership,
 * plus roles assigned to them in that organization or globally, whether acting there needs an
 * aal2 session, and whether the organization is archived. Returns null when the user is neither
 * a member nor holds a global role, or is disabled. Uncached, so a membership, role or setting
 * change applies to the very next request.
 */
export async function resolveOrganizationAccess(
  db: Kysely<Database>,
  userId: string,
  organizationId: string,
): Promise<OrganizationAccess | null> {
  const { rows } = await organizationAccessStatement(userId, organizationId).execute(db);
  return accessOfRow(rows[0], organizationId);
}
