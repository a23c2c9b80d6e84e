import { type Kysely, sql } from "kysely";

/*
 * Per-request authentication look-ups every service makes, each one round trip through a read-only
 * SECURITY DEFINER function instead of a system transaction (begin, set role, query, commit):
 * - app.api_token_lookup(prefix): the API token with that public prefix and whether its owner is
 *   disabled; the caller compares the secret's hash and checks expiry and revocation.
 * - app.session_revoked(user, session): whether an access token's session was revoked or its user
 *   disabled, for when the Redis revocation markers cannot answer.
 * - app.user_overview(user): what auth.me answers (account, profile, role assignments, global
 *   permissions, and each membership with its effective permissions) in one statement; PL/pgSQL so
 *   each connection plans it once rather than on every call.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
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

    create function app.session_revoked(p_user uuid, p_session uuid) returns boolean
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select exists (
          select 1 from public.user_sessions where family_id = p_session and revoked_at is not null
        ) or exists (
          select 1 from public.users where id = p_user and disabled_at is not null
        )
      $$;

    create function app.user_overview(p_user uuid)
      returns table (
        id uuid, email text, display_name text, email_verified_at timestamptz, mfa_enabled_at timestamptz,
        created_at timestamptz, profile_id uuid, full_name text, avatar_url text, bio text, job_title text,
        phone text, timezone text, locale text, roles jsonb, global_permissions text[], organizations jsonb
      )
      language plpgsql stable security definer
      set search_path = pg_catalog, public
      as $$
      #variable_conflict use_column
      begin
        return query
        select u.id, u.email, u.display_name, u.email_verified_at, u.mfa_enabled_at, u.created_at,
          p.id, p.full_name, p.avatar_url, p.bio, p.job_title, p.phone, p.timezone, p.locale,
          coalesce((
            select jsonb_agg(jsonb_build_object('roleId', ur.role_id, 'name', r.name, 'organizationId', ur.organization_id)
                             order by r.name, ur.organization_id nulls first)
            from public.user_roles ur join public.roles r on r.id = ur.role_id
            where ur.user_id = u.id
          ), '[]'),
          array(
            select distinct gp.name
            from public.user_roles ur
            join public.role_permissions rp on rp.role_id = ur.role_id
            join public.permissions gp on gp.id = rp.permission_id
            where ur.user_id = u.id and ur.organization_id is null
            order by gp.name
          ),
          coalesce((
            select jsonb_agg(jsonb_build_object(
              'organizationId', o.id, 'name', o.name, 'role', ou.role,
              'permissions', array(
                select distinct op.name
                from public.roles r
                join public.role_permissions rp on rp.role_id = r.id
                join public.permissions op on op.id = rp.permission_id
                where (r.organization_id is null and r.is_system and r.name = ou.role)
                   or r.id in (
                     select ur.role_id from public.user_roles ur
                     where ur.user_id = u.id and (ur.organization_id is null or ur.organization_id = o.id)
                   )
                order by op.name
              )
            ) order by o.name, o.id)
            from public.organization_users ou join public.organizations o on o.id = ou.organization_id
            where ou.user_id = u.id
          ), '[]')
        from public.users u left join public.user_profiles p on p.user_id = u.id
        where u.id = p_user and u.disabled_at is null;
      end
      $$;

    revoke execute on function app.api_token_lookup(text) from public;
    revoke execute on function app.session_revoked(uuid, uuid) from public;
    grant execute on function app.api_token_lookup(text) to cauldron_app, cauldron_system;
    grant execute on function app.session_revoked(uuid, uuid) to cauldron_app, cauldron_system;
    revoke execute on function app.user_overview(uuid) from public;
    grant execute on function app.user_overview(uuid) to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function app.user_overview(uuid);
    drop function app.session_revoked(uuid, uuid);
    drop function app.api_token_lookup(text);
  `.execute(db);
}
