import { withSystem, type Database } from "@cauldron/db";
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
 * neither a member nor holds a global role, or is disabled.
 */
export async function resolveOrganizationAccess(
  db: Kysely<Database>,
  userId: string,
  organizationId: string,
): Promise<OrganizationAccess | null> {
  // Authorization itself must see memberships and roles regardless of the tenant's policies.
  return withSystem(db, async (trx) => {
    const { rows } = await sql<{ is_member: boolean; has_global_role: boolean; grants: string[] }>`
      with active_user as (
        select id from public.users where id = ${userId} and disabled_at is null
      ),
      membership as (
        select ou.role from public.organization_users ou
        join active_user on active_user.id = ou.user_id
        join public.organizations o on o.id = ou.organization_id
        where ou.organization_id = ${organizationId}
      ),
      assigned as (
        select ur.role_id, ur.organization_id from public.user_roles ur
        join active_user on active_user.id = ur.user_id
        where ur.organization_id is null or ur.organization_id = ${organizationId}
      ),
      granted_roles as (
        select r.id from public.roles r join membership m on m.role = r.name
        where r.organization_id is null and r.is_system
        union
        select role_id from assigned
      )
      select
        exists (select 1 from membership) as is_member,
        exists (select 1 from assigned where organization_id is null) as has_global_role,
        coalesce(array_agg(distinct p.name) filter (where p.name is not null), '{}') as grants
      from granted_roles gr
      left join public.role_permissions rp on rp.role_id = gr.id
      left join public.permissions p on p.id = rp.permission_id
    `.execute(trx);
    const row = rows[0];
    if (!row || (!row.is_member && !row.has_global_role)) return null;
    return { organizationId, grants: row.grants };
  });
}
