import { type Kysely, sql } from "kysely";

/*
 * Authorization runs on every organization request: one call to a SECURITY DEFINER function
 * answers it in a single round trip, where a system transaction would take four (begin, set
 * role, query, commit). The function only reads memberships and grants; it changes nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function app.organization_access(p_user uuid, p_org uuid)
      returns table (is_member boolean, has_global_role boolean, grants text[])
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        with active_user as (
          select id from public.users where id = p_user and disabled_at is null
        ),
        membership as (
          select ou.role from public.organization_users ou
          join active_user on active_user.id = ou.user_id
          where ou.organization_id = p_org
        ),
        assigned as (
          select ur.role_id, ur.organization_id from public.user_roles ur
          join active_user on active_user.id = ur.user_id
          where ur.organization_id is null or ur.organization_id = p_org
        ),
        granted_roles as (
          select r.id from public.roles r join membership m on m.role = r.name
          where r.organization_id is null and r.is_system
          union
          select role_id from assigned
        )
        select
          exists (select 1 from membership),
          exists (select 1 from assigned where organization_id is null),
          coalesce(array_agg(distinct p.name) filter (where p.name is not null), '{}')
        from granted_roles gr
        left join public.role_permissions rp on rp.role_id = gr.id
        left join public.permissions p on p.id = rp.permission_id
      $$;
    revoke execute on function app.organization_access(uuid, uuid) from public;
    grant execute on function app.organization_access(uuid, uuid) to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function app.organization_access(uuid, uuid)`.execute(db);
}
