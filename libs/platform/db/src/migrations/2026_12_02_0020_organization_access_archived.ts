import { type Kysely, sql } from "kysely";

/*
 * app.organization_access also answers whether the organization is archived, so every service's
 * write procedures refuse changes to an archived organization from the look-up they already make,
 * in the same round trip. The by-user version (app.organization_access_of, cauldron_system only)
 * and the caller-scoped wrapper (0016) change together, since the wrapper's result is the same
 * table; both stay SECURITY DEFINER functions owned by cauldron_system.
 */

const ACCESS_BODY = `
  with active_user as (
    select id, mfa_enabled_at from public.users where id = p_user and disabled_at is null
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
    coalesce(array_agg(distinct p.name) filter (where p.name is not null), '{}'),
    exists (select 1 from active_user where mfa_enabled_at is not null),
    exists (
      select 1 from admin.system_settings
      where key = 'security.mfa_required' and value = 'true'::jsonb
    ) or exists (
      select 1 from public.organization_settings
      where organization_id = p_org and key = 'security.mfa_required' and value = 'true'::jsonb
    ),
    exists (select 1 from public.organizations where id = p_org and archived_at is not null)
  from granted_roles gr
  left join public.role_permissions rp on rp.role_id = gr.id
  left join public.permissions p on p.id = rp.permission_id
`;

async function createAccessFunctions(db: Kysely<unknown>, columns: string, body: string): Promise<void> {
  await sql`
    drop function app.organization_access(uuid);
    drop function app.organization_access_of(uuid, uuid);
    create function app.organization_access_of(p_user uuid, p_org uuid)
      returns table (${sql.raw(columns)})
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as ${sql.lit(body)};
    create function app.organization_access(p_org uuid)
      returns table (${sql.raw(columns)})
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as 'select * from app.organization_access_of(app.current_user_id(), p_org)';
    revoke execute on function app.organization_access_of(uuid, uuid) from public, cauldron_app;
    grant execute on function app.organization_access_of(uuid, uuid) to cauldron_system;
    revoke execute on function app.organization_access(uuid) from public;
    grant execute on function app.organization_access(uuid) to cauldron_app, cauldron_system;
    grant create on schema app to cauldron_system;
    alter function app.organization_access_of(uuid, uuid) owner to cauldron_system;
    alter function app.organization_access(uuid) owner to cauldron_system;
    revoke create on schema app from cauldron_system;
  `.execute(db);
}

const COLUMNS_0015 =
  "is_member boolean, has_global_role boolean, grants text[], mfa_enrolled boolean, mfa_required boolean";

export async function up(db: Kysely<unknown>): Promise<void> {
  await createAccessFunctions(db, `${COLUMNS_0015}, archived boolean`, ACCESS_BODY);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const withoutArchived = ACCESS_BODY.replace(
    /,\s*exists \(select 1 from public\.organizations where id = p_org and archived_at is not null\)/,
    "",
  );
  await createAccessFunctions(db, COLUMNS_0015, withoutArchived);
}
