import { type Kysely, sql } from "kysely";

/** 0002: Users, their profiles and credentials: passwords, MFA, refresh-token sessions. */
export async function createIdentityTables(db: Kysely<unknown>): Promise<void> {
  await sql`
  create table public.users (
    id uuid primary key default gen_random_uuid(),
    email text not null check (email like '%_@_%'),
    display_name text,
    password_hash text,
    email_verified_at timestamptz,
    email_verification_token_hash text unique,
    email_verification_expires_at timestamptz,
    password_reset_token_hash text unique,
    password_reset_expires_at timestamptz,
    mfa_totp_secret text,
    mfa_enabled_at timestamptz,
    mfa_recovery_code_hashes text[] not null default '{}',
    failed_login_attempts integer not null default 0,
    locked_until timestamptz,
    last_login_at timestamptz,
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  comment on column public.users.password_hash is 'argon2id PHC string; null for accounts that only sign in through Supabase';
  create unique index users_email_key on public.users (lower(email));
  create index users_email_trgm_idx on public.users using gin (lower(email) gin_trgm_ops);
  create index users_display_name_trgm_idx on public.users using gin (lower(display_name) gin_trgm_ops);

  create table public.user_profiles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null unique references public.users (id) on delete cascade,
    full_name text,
    avatar_url text,
    bio text,
    job_title text,
    phone text,
    timezone text not null default 'UTC',
    locale text not null default 'en',
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );

  create table public.user_sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public.users (id) on delete cascade,
    family_id uuid not null,
    refresh_token_hash text not null unique,
    replaced_by uuid references public.user_sessions (id) on delete set null,
    aal text not null default 'aal1' check (aal in ('aal1', 'aal2')),
    ip inet,
    user_agent text,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    revoked_reason text
  );
  comment on table public.user_sessions is 'one row per refresh token; rotation links a token to its successor (replaced_by) within a family (the session, sid)';
  create index user_sessions_user_id_idx on public.user_sessions (user_id);
  create index user_sessions_family_id_idx on public.user_sessions (family_id);
  create index user_sessions_replaced_by_idx on public.user_sessions (replaced_by);
  `.execute(db);
}

/** 0002 down: drops what createIdentityTables created. */
export async function dropIdentityTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table public.user_sessions;
    drop table public.user_profiles;
    drop table public.users;
  `.execute(db);
}
