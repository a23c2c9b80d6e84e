import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";

/** What a user may do in one organization, and whether they belong to it. */
export interface OrganizationGrants {
  isMember: boolean;
  grants: string[];
}

/** Permissions granted everywhere: by roles assigned with no organization. Empty for a disabled user. */
export async function globalGrants(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct p.name
    from public.user_roles ur
    join public.users u on u.id = ur.user_id and u.disabled_at is null
    join public.role_permissions rp on rp.role_id = ur.role_id
    join public.permissions p on p.id = rp.permission_id
    where ur.user_id = ${userId} and ur.organization_id is null
  `.execute(trx);
  return rows.map((row) => row.name);
}

/**
 * A user's grants in one organization, resolved exactly as the platform's permission middleware
 * does (app.organization_access): the built-in role named by the membership, roles assigned in
 * the organization, and global roles.
 */
export async function organizationGrants(
  trx: Transaction<Database>,
  userId: string,
  organizationId: string,
): Promise<OrganizationGrants> {
  const { rows } = await sql<{ is_member: boolean; grants: string[] }>`
    select is_member, grants from app.organization_access(${userId}, ${organizationId})
  `.execute(trx);
  return { isMember: rows[0]?.is_member ?? false, grants: rows[0]?.grants ?? [] };
}

/** Runs an authorization read outside any tenant's policies (roles and memberships of every org). */
export function readAccess<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withSystem(db, work);
}
