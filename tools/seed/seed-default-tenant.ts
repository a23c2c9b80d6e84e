import type { Database } from "@cauldron/db";
import { hash } from "@node-rs/argon2";
import { sql, type Kysely } from "kysely";
import type { AdminCredentials } from "./admin-credentials";

export const DEFAULT_ORGANIZATION_SLUG = "default";

export interface SeededTenant {
  organizationId: string;
  adminUserId: string;
  createdAdmin: boolean;
}

/**
 * Makes sure a default organization and an admin user exist (the admin owns the organization and
 * holds the global platform_admin role). Idempotent; never changes an existing admin's password.
 * Runs as the schema owner, so Row-Level Security does not apply.
 */
export async function seedDefaultTenant(
  ownerDb: Kysely<Database>,
  admin: AdminCredentials,
): Promise<SeededTenant> {
  return ownerDb.transaction().execute(async (trx) => {
    const existing = await sql<{ id: string }>`
      select id from public.users where lower(email) = lower(${admin.email})
    `.execute(trx);
    let adminUserId = existing.rows[0]?.id;
    const createdAdmin = adminUserId === undefined;
    if (!adminUserId) {
      const passwordHash = await hash(admin.password);
      const inserted = await sql<{ id: string }>`
        insert into public.users (email, display_name, password_hash, email_verified_at)
        values (${admin.email}, 'Administrator', ${passwordHash}, now())
        returning id
      `.execute(trx);
      adminUserId = inserted.rows[0]!.id;
      await sql`insert into public.user_profiles (user_id, full_name) values (${adminUserId}, 'Administrator')`.execute(trx);
    }
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
