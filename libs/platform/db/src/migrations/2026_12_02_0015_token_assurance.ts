import { type Kysely, sql } from "kysely";

/*
 * The per-request authorization look-ups learn what second-factor protection asks for, in the
 * same single round trip as before:
 * - api_tokens.aal: the assurance of the session a token was minted from. Tokens that exist
 *   already are counted as aal1, since nobody recorded how their session was verified.
 * - app.api_token_lookup also answers the organization a token is bound to and its assurance.
 * - app.organization_access also answers whether the user has enrolled a second factor and
 *   whether security.mfa_required is on for the system or for the organization. Either level
 *   can demand it; an organization cannot lift the system's requirement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table public.api_tokens
      add column aal text not null default 'aal1' constraint api_tokens_aal_check check (aal in ('aal1', 'aal2'));
    comment on column public.api_tokens.aal is 'assurance of the session the token was created from; it acts with that assurance';
    comment on column public.api_tokens.organization_id is 'null: the token may act in every organization of its owner; otherwise only in this one';

    drop function app.api_token_lookup(text);
    create function app.api_token_lookup(p_prefix text)
      returns table (
        id uuid, user_id uuid, organization_id uuid, scopes text[], aal text, secret_hash text,
        expires_at timestamptz, revoked_at timestamptz, last_used_at timestamptz, user_disabled boolean
      )
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as $$
        select t.id, t.user_id, t.organization_id, t.scopes, t.aal, t.secret_hash, t.expires_at, t.revoked_at,
               t.last_used_at, u.disabled_at is not null
        from public.api_tokens t join public.users u on u.id = t.user_id
        where t.prefix = p_prefix
      $$;
    revoke execute on function app.api_token_lookup(text) from public;
    grant execute on function app.api_token_lookup(text) to cauldron_app, cauldron_system;

    drop function app.organization_access(uuid, uuid);
    create function app.organization_access(p_user uuid, p_org uuid)
      returns table (
        is_member boolean, has_global_role boolean, grants text[], mfa_enrolled boolean, mfa_required boolean
      )
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as $$
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
          )
        from granted_roles gr
        left join public.role_permissions rp on rp.role_id = gr.id
        left join public.permissions p on p.id = rp.permission_id
      $$;
    revoke execute on function app.organization_access(uuid, uuid) from public;
    grant execute on function app.organization_access(uuid, uuid) to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function app.organization_access(uuid, uuid);
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

    drop function app.api_token_lookup(text);
    create function app.api_token_lookup(p_prefix text)
      returns table (
        id uuid, user_id uuid, scopes text[], secret_hash text, expires_at timestamptz,
        revoked_at timestamptz, last_used_at timestamptz, user_disabled boolean
      )
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select t.id, t.user_id, t.scopes, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at,
               u.disabled_at is not null
        from public.api_tokens t join public.users u on u.id = t.user_id
        where t.prefix = p_prefix
      $$;
    revoke execute on function app.api_token_lookup(text) from public;
    grant execute on function app.api_token_lookup(text) to cauldron_app, cauldron_system;

    alter table public.api_tokens drop column aal;
  `.execute(db);
}
