import { withSystem, type Database } from "@cauldron/db";
import { hash } from "@node-rs/argon2";
import { sql, type Kysely, type Transaction } from "kysely";
import type { AdminCredentials } from "./admin-credentials";

export const DEFAULT_ORGANIZATION_SLUG = "default";

/** The audit action recording that the seed created an account to be the platform's admin. */
export const SEEDED_ADMIN_ACTION = "user.seeded_as_admin";

export interface SeededTenant {
  organizationId: string;
  adminUserId: string;
  createdAdmin: boolean;
}

/** The configured admin email belongs to someone the seed did not make an administrator. */
export class ForeignAdminAccountError extends Error {
  constructor(email: string) {
    super(
      `The admin email ${email} belongs to an account the seed did not create, so it will not be made an ` +
        "administrator. Set CAULDRON_ADMIN_EMAIL to another address, or, if that account is yours, grant it " +
        "the platform_admin role through auth.roles.assign as an existing administrator.",
    );
    this.name = "ForeignAdminAccountError";
  }
}

/**
 * Makes sure a default organization and an admin user exist (the admin owns the organization and
 * holds the global platform_admin role). Idempotent; never changes an existing admin's password,
 * and never adopts an account it did not create: whoever signed up with the admin's address first
 * gets nothing. Takes the owner's connection and works as cauldron_system, since tenant tables
 * confine their owner too.
 */
export async function seedDefaultTenant(ownerDb: Kysely<Database>, admin: AdminCredentials): Promise<SeededTenant> {
  return withSystem(ownerDb, async (trx) => {
    const existing = await sql<{ id: string }>`
      select id from public.users where lower(email) = lower(${admin.email})
    `.execute(trx);
    let adminUserId = existing.rows[0]?.id;
    const createdAdmin = adminUserId === undefined;
    if (adminUserId && !(await isAdoptableAdmin(trx, adminUserId))) throw new ForeignAdminAccountError(admin.email);
    if (!adminUserId) adminUserId = await createAdmin(trx, admin);
    const organization = await sql<{ id: string }>`
      insert into public.organizations (name, slug, created_by)
      values ('Default Organization', ${DEFAULT_ORGANIZATION_SLUG}, ${adminUserId})
      on conflict (slug) do update set slug = excluded.slug
      returning id
    `.execute(trx);
    const organizationId = organization.rows[0]!.id;
    await sql`
      insert into public.organization_users (organization_id, user_id, role)
      values (${organizationId}, ${adminUserId}, 'owner')
      on conflict (organization_id, user_id) do nothing
    `.execute(trx);
    await sql`
      insert into public.user_roles (user_id, role_id, organization_id)
      select ${adminUserId}, id, null from public.roles where name = 'platform_admin' and organization_id is null
      on conflict do nothing
    `.execute(trx);
    return { organizationId, adminUserId, createdAdmin };
  });
}

async function createAdmin(trx: Transaction<Database>, admin: AdminCredentials): Promise<string> {
  const passwordHash = await hash(admin.password);
  const inserted = await sql<{ id: string }>`
    insert into public.users (email, display_name, password_hash, email_verified_at)
    values (${admin.email}, 'Administrator', ${passwordHash}, now())
    returning id
  `.execute(trx);
  const userId = inserted.rows[0]!.id;
  await sql`insert into public.user_profiles (user_id, full_name) values (${userId}, 'Administrator')`.execute(trx);
  await sql`
    insert into audit.audit_logs (organization_id, actor_type, action, target_type, target_id)
    values (null, 'system', ${SEEDED_ADMIN_ACTION}, 'user', ${userId})
  `.execute(trx);
  return userId;
}

// An account the seed created (its audit record says so), or one an administrator already made a
// platform admin: adopting either grants nothing new.
async function isAdoptableAdmin(trx: Transaction<Database>, userId: string): Promise<boolean> {
  const { rows } = await sql<{ adoptable: boolean }>`
    select exists (
      select 1 from audit.audit_logs
      where action = ${SEEDED_ADMIN_ACTION} and target_type = 'user' and target_id = ${userId}::text
    ) or exists (
      select 1 from public.user_roles ur join public.roles r on r.id = ur.role_id
      where ur.user_id = ${userId} and ur.organization_id is null and r.name = 'platform_admin' and r.organization_id is null
    ) as adoptable
  `.execute(trx);
  return rows[0]?.adoptable ?? false;
}
