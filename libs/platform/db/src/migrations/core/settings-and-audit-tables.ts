import { type Kysely, sql } from "kysely";

/** 0002: Settings at system, organization and user level, and the append-only audit log. */
export async function createSettingsAndAuditTables(db: Kysely<unknown>): Promise<void> {
  await sql`
  create table admin.system_settings (
    id uuid primary key default gen_random_uuid(),
    key text not null unique check (key ~ '^[a-z][a-z0-9_.]*$'),
    value jsonb not null,
    description text,
    updated_by uuid references public.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  comment on table admin.system_settings is 'every setting key with its system-wide value; organization and user settings override it';
  create index system_settings_updated_by_idx on admin.system_settings (updated_by);

  create table public.organization_settings (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    key text not null references admin.system_settings (key) on update cascade on delete cascade,
    value jsonb not null,
    updated_by uuid references public.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, key)
  );
  create index organization_settings_key_idx on public.organization_settings (key);
  create index organization_settings_updated_by_idx on public.organization_settings (updated_by);

  create table public.user_settings (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public.users (id) on delete cascade,
    key text not null references admin.system_settings (key) on update cascade on delete cascade,
    value jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (user_id, key)
  );
  create index user_settings_key_idx on public.user_settings (key);

  create table audit.audit_logs (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid references public.organizations (id) on delete cascade,
    actor_user_id uuid references public.users (id) on delete set null,
    actor_type text not null check (actor_type in ('user', 'api_token', 'service', 'system')),
    action text not null,
    target_type text,
    target_id text,
    metadata jsonb not null default '{}',
    ip inet,
    user_agent text,
    request_id text,
    created_at timestamptz not null default now()
  );
  comment on column audit.audit_logs.organization_id is 'null for system events outside any organization';
  create index audit_logs_organization_created_idx on audit.audit_logs (organization_id, created_at desc);
  create index audit_logs_organization_action_idx on audit.audit_logs (organization_id, action, created_at desc);
  create index audit_logs_actor_created_idx on audit.audit_logs (actor_user_id, created_at desc);
  create index audit_logs_target_idx on audit.audit_logs (target_type, target_id);
  create index audit_logs_system_created_idx on audit.audit_logs (created_at desc) where organization_id is null;

  `.execute(db);
}

/** 0002 down: drops what createSettingsAndAuditTables created. */
export async function dropSettingsAndAuditTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit.audit_logs;
    drop table public.user_settings;
    drop table public.organization_settings;
    drop table admin.system_settings;
  `.execute(db);
}
