import { type Kysely, sql } from "kysely";

/** 0002: Organizations, memberships, teams and invitations. */
export async function createOrganizationTables(db: Kysely<unknown>): Promise<void> {
  await sql`
  create table public.organizations (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(btrim(name)) > 0),
    slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    description text,
    logo_url text,
    metadata jsonb not null default '{}',
    created_by uuid references public.users (id) on delete set null,
    archived_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index organizations_name_trgm_idx on public.organizations using gin (lower(name) gin_trgm_ops);
  create index organizations_created_by_idx on public.organizations (created_by);

  create table public.organization_users (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid not null references public.users (id) on delete cascade,
    role text not null default 'member' check (role in ('owner', 'admin', 'member', 'viewer')),
    invited_by uuid references public.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, user_id)
  );
  create index organization_users_user_id_idx on public.organization_users (user_id);
  create index organization_users_invited_by_idx on public.organization_users (invited_by);

  create table public.teams (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    name text not null check (length(btrim(name)) > 0),
    description text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, name),
    unique (id, organization_id)
  );

  -- Composite keys keep a team membership inside the team's organization and drop it with the org membership.
  create table public.team_members (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    team_id uuid not null,
    user_id uuid not null references public.users (id) on delete cascade,
    role text not null default 'member' check (role in ('lead', 'member')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (team_id, user_id),
    foreign key (team_id, organization_id) references public.teams (id, organization_id) on delete cascade,
    foreign key (organization_id, user_id) references public.organization_users (organization_id, user_id) on delete cascade
  );
  create index team_members_user_id_idx on public.team_members (user_id);
  create index team_members_organization_id_idx on public.team_members (organization_id, user_id);

  create table public.organization_invitations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    email text not null check (email like '%_@_%'),
    role text not null default 'member' check (role in ('owner', 'admin', 'member', 'viewer')),
    team_ids uuid[] not null default '{}',
    token_hash text not null unique,
    invited_by uuid references public.users (id) on delete set null,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references public.users (id) on delete set null,
    revoked_at timestamptz,
    declined_at timestamptz,
    created_at timestamptz not null default now()
  );
  create index organization_invitations_organization_id_idx on public.organization_invitations (organization_id, created_at desc);
  create index organization_invitations_email_idx on public.organization_invitations (lower(email));
  create index organization_invitations_invited_by_idx on public.organization_invitations (invited_by);
  create index organization_invitations_accepted_by_idx on public.organization_invitations (accepted_by);
  `.execute(db);
}

/** 0002 down: drops what createOrganizationTables created. */
export async function dropOrganizationTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table public.organization_invitations;
    drop table public.team_members;
    drop table public.teams;
    drop table public.organization_users;
    drop table public.organizations;
  `.execute(db);
}
