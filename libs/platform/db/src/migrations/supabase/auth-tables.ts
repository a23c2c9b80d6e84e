import { type Kysely, sql } from "kysely";

/**
 * 0003: Supabase's auth.users / auth.sessions / auth.identities (the columns the integration reads)
 * and public.user_mappings tying a Supabase user to an app user. System-only: RLS on, no policies.
 */
export async function createSupabaseAuthTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table auth.users (
      id uuid primary key default gen_random_uuid(),
      aud varchar(255),
      role varchar(255),
      email varchar(255),
      phone text unique,
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      phone_confirmed_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb not null default '{}',
      raw_user_meta_data jsonb not null default '{}',
      is_super_admin boolean,
      banned_until timestamptz,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index users_email_idx on auth.users (lower(email));

    create table auth.sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      aal varchar(16) check (aal in ('aal1', 'aal2', 'aal3')),
      not_after timestamptz,
      user_agent text,
      ip inet,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sessions_user_id_idx on auth.sessions (user_id);

    create table auth.identities (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      provider text not null,
      provider_id text not null,
      identity_data jsonb not null,
      email text generated always as (lower(identity_data ->> 'email')) stored,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider_id, provider)
    );
    create index identities_user_id_idx on auth.identities (user_id);
    create index identities_email_idx on auth.identities (email);

    create table public.user_mappings (
      id uuid primary key default gen_random_uuid(),
      auth_user_id uuid not null unique references auth.users (id) on delete cascade,
      app_user_id uuid not null unique references public.users (id) on delete cascade,
      created_at timestamptz not null default now()
    );

    alter table auth.users enable row level security;
    alter table auth.sessions enable row level security;
    alter table auth.identities enable row level security;
    alter table public.user_mappings enable row level security;
  `.execute(db);
  for (const table of ["auth.users", "auth.sessions", "auth.identities"]) {
    await sql`
      create trigger touch_updated_at before update on ${sql.raw(table)}
        for each row execute function app.touch_updated_at()
    `.execute(db);
  }
}

/** 0003 down: drops what createSupabaseAuthTables created. */
export async function dropSupabaseAuthTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table public.user_mappings;
    drop table auth.identities;
    drop table auth.sessions;
    drop table auth.users;
  `.execute(db);
}
