import type { Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";

/** What a user may do inside one organization. */
export interface OrganizationAccess {
  organizationId: string;
  /** Permission grants, possibly with wildcards. */
  grants: string[];
}

/**
 * Resolves a user's grants in an organization: the built-in role named by their membership,
 * plus roles assigned to them in that organization or globally. Returns null when the user is
 * neither a member nor holds a global role, or is disabled. Uncached, so a membership or role
 * change applies to the very next request.
 */
export async function resolveOrganizationAccess(
  db: Kysely<Database>,
  userId: string,
  organizationId: string,
): Promise<OrganizationAccess | null> {
  // app.organization_access is SECURITY DEFINER: authorization must see memberships whatever
  // the tenant's policies allow, and answers in one round trip.
  const { rows } = await sql<{ is_member: boolean; has_global_role: boolean; grants: string[] }>`
    select is_member, has_global_role, grants from app.organization_access(${userId}, ${organizationId})
  `.execute(db);
  const row = rows[0];
  if (!row || (!row.is_member && !row.has_global_role)) return null;
  return { organizationId, grants: row.grants };
}
