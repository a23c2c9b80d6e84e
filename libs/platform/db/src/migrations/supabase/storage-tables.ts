import { type Kysely, sql } from "kysely";

/**
 * 0003: storage.buckets / storage.objects in Supabase's shape, plus the organization that owns
 * them, and public.file_metadata / public.access_controls describing and guarding objects.
 * Composite keys on (id, organization_id) keep every child row inside its parent's organization.
 */
export async function createStorageTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table storage.buckets (
      id text primary key default gen_random_uuid()::text,
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
      owner uuid references public.users (id) on delete set null,
      public boolean not null default false,
      file_size_limit bigint check (file_size_limit > 0),
      allowed_mime_types text[],
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (id, organization_id)
    );
    create index buckets_owner_idx on storage.buckets (owner);

    create table storage.objects (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      bucket_id text not null,
      name text not null check (length(name) > 0 and name !~ '(^/|/$|//)'),
      owner uuid references public.users (id) on delete set null,
      metadata jsonb not null default '{}',
      path_tokens text[] generated always as (string_to_array(name, '/')) stored,
      size bigint not null default 0 check (size >= 0),
      mime_type text,
      checksum text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (bucket_id, name),
      unique (id, organization_id),
      foreign key (bucket_id, organization_id) references storage.buckets (id, organization_id)
    );
    comment on column storage.objects.checksum is 'sha256 of the bytes, hex';
    create index objects_organization_id_idx on storage.objects (organization_id);
    create index objects_bucket_prefix_idx on storage.objects (bucket_id, name text_pattern_ops);
    create index objects_owner_idx on storage.objects (owner);

    create table public.file_metadata (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      object_id uuid not null,
      title text,
      description text,
      tags text[] not null default '{}',
      entity_type varchar(100),
      entity_id uuid,
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (object_id, organization_id) references storage.objects (id, organization_id) on delete cascade
    );
    create index file_metadata_object_id_idx on public.file_metadata (object_id);
    create index file_metadata_organization_id_idx on public.file_metadata (organization_id);
    create index file_metadata_entity_idx on public.file_metadata (entity_type, entity_id);
    create index file_metadata_tags_idx on public.file_metadata using gin (tags);
    create index file_metadata_created_by_idx on public.file_metadata (created_by);

    create table public.access_controls (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      object_id uuid,
      bucket_id text,
      entity_type varchar(32) not null check (entity_type in ('user', 'team', 'organization', 'role')),
      entity_id uuid not null,
      permission varchar(16) not null check (permission in ('read', 'write', 'delete', 'admin')),
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      check (num_nonnulls(object_id, bucket_id) = 1),
      unique nulls not distinct (object_id, bucket_id, entity_type, entity_id, permission),
      foreign key (object_id, organization_id) references storage.objects (id, organization_id) on delete cascade,
      foreign key (bucket_id, organization_id) references storage.buckets (id, organization_id) on delete cascade
    );
    comment on table public.access_controls is 'grants on one object or one whole bucket (exactly one is set)';
    create index access_controls_bucket_id_idx on public.access_controls (bucket_id);
    create index access_controls_organization_id_idx on public.access_controls (organization_id);
    create index access_controls_entity_idx on public.access_controls (entity_type, entity_id);
    create index access_controls_created_by_idx on public.access_controls (created_by);
  `.execute(db);
  for (const table of ["storage.buckets", "storage.objects", "public.file_metadata"]) {
    await sql`
      create trigger touch_updated_at before update on ${sql.raw(table)}
        for each row execute function app.touch_updated_at()
    `.execute(db);
  }
  for (const table of ["storage.buckets", "storage.objects", "public.file_metadata", "public.access_controls"]) {
    await sql`select app.apply_org_rls(${table}::regclass)`.execute(db);
  }
}

/** 0003 down: drops what createStorageTables created. */
export async function dropStorageTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table public.access_controls;
    drop table public.file_metadata;
    drop table storage.objects;
    drop table storage.buckets;
  `.execute(db);
}
