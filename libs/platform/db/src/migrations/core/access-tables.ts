import { type Kysely, sql } from "kysely";

/** 0002: Roles (global or per organization), `resource:action` permissions, their assignments, and API tokens. */
export async function createAccessTables(db: Kysely<unknown>): Promise<void> {
  await sql`
  create table public.roles (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid references public.organizations (id) on delete cascade,
    name text not null check (name ~ '^[a-z][a-z0-9_]*$'),
    description text,
    is_system boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique nulls not distinct (organization_id, name),
    unique (id, organization_id)
  );
  comment on column public.roles.organization_id is 'null: a global role every tenant can read; otherwise a custom role of that organization';

  create table public.permissions (
    id uuid primary key default gen_random_uuid(),
    name text not null unique check (name ~ '^[a-z][a-z_]*:[a-z][a-z_]*$'),
    description text,
    created_at timestamptz not null default now()
  );

  create table public.role_permissions (
    role_id uuid not null references public.roles (id) on delete cascade,
    permission_id uuid not null references public.permissions (id) on delete cascade,
    organization_id uuid references public.organizations (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (role_id, permission_id),
    foreign key (role_id, organization_id) references public.roles (id, organization_id) on delete cascade
  );
  create index role_permissions_permission_id_idx on public.role_permissions (permission_id);
  create index role_permissions_organization_id_idx on public.role_permissions (organization_id);

  create table public.user_roles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public.users (id) on delete cascade,
    role_id uuid not null references public.roles (id) on delete cascade,
    organization_id uuid references public.organizations (id) on delete cascade,
    granted_by uuid references public.users (id) on delete set null,
    created_at timestamptz not null default now(),
    unique nulls not distinct (user_id, role_id, organization_id)
  );
  comment on column public.user_roles.organization_id is 'null: the role applies everywhere (platform roles); otherwise only within that organization';
  create index user_roles_role_id_idx on public.user_roles (role_id);
  create index user_roles_organization_id_idx on public.user_roles (organization_id);
  create index user_roles_granted_by_idx on public.user_roles (granted_by);

  create table public.api_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public.users (id) on delete cascade,
    organization_id uuid references public.organizations (id) on delete cascade,
    name text not null,
    prefix text not null unique,
    secret_hash text not null unique,
    scopes text[] not null default '{}',
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
  );
  create index api_tokens_user_id_idx on public.api_tokens (user_id);
  create index api_tokens_organization_id_idx on public.api_tokens (organization_id);
  `.execute(db);
}

/** 0002 down: drops what createAccessTables created. */
export async function dropAccessTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table public.api_tokens;
    drop table public.user_roles;
    drop table public.role_permissions;
    drop table public.permissions;
    drop table public.roles;
  `.execute(db);
}
