import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";

/** What a user may do in one organization, whether they belong to it, and whether it needs aal2. */
export interface OrganizationGrants {
  isMember: boolean;
  grants: string[];
  mfaEnrolled: boolean;
  mfaRequired: boolean;
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
 * does (app.organization_access_of, which only a system transaction may call): the built-in role
 * named by the membership, roles assigned in the organization, and global roles.
 */
export async function organizationGrants(
  trx: Transaction<Database>,
  userId: string,
  organizationId: string,
): Promise<OrganizationGrants> {
  const { rows } = await sql<{ is_member: boolean; grants: string[]; mfa_enrolled: boolean; mfa_required: boolean }>`
    select is_member, grants, mfa_enrolled, mfa_required from app.organization_access_of(${userId}, ${organizationId})
  `.execute(trx);
  const row = rows[0];
  return {
    isMember: row?.is_member ?? false,
    grants: row?.grants ?? [],
    mfaEnrolled: row?.mfa_enrolled ?? false,
    mfaRequired: row?.mfa_required ?? false,
  };
}

/** Whether security.mfa_required is on for the whole platform. */
export async function systemRequiresMfa(trx: Transaction<Database>): Promise<boolean> {
  const row = await trx
    .selectFrom("admin.system_settings")
    .select("value")
    .where("key", "=", "security.mfa_required")
    .executeTakeFirst();
  return row?.value === true;
}

/** Runs an authorization read outside any tenant's policies (roles and memberships of every org). */
export function readAccess<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withSystem(db, work);
}
