import { type Kysely, sql } from "kysely";
import { createGraphTables } from "./lore/graph-tables";

/*
 * Lore: documents (versions, chunks, categories, tags, team access) and the knowledge graph
 * (entity types, entities, mentions, relationship types, relationships).
 *
 * Every table carries organization_id. Children reference their parent through
 * (organization_id, parent_id) -> parent (organization_id, id): foreign-key checks ignore RLS, so
 * a single-column key would let one tenant attach rows to another tenant's document by id.
 * ON DELETE SET NULL (column) keeps organization_id when only the optional link is cleared.
 * The graph tables are in ./lore (part of this migration only).
 */

const TABLES_IN_DROP_ORDER = [
  "relationships",
  "relationship_types",
  "entity_mentions",
  "entity_document_associations",
  "entities",
  "entity_types",
  "document_teams",
  "document_tag_associations",
  "document_tags",
  "document_category_associations",
  "document_categories",
  "document_chunks",
  "document_versions",
  "documents",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createDocuments(db);
  await createClassification(db);
  await createGraphTables(db);

  for (const table of [...TABLES_IN_DROP_ORDER].reverse()) {
    await sql`select app.apply_org_rls(${sql.lit(`lore.${table}`)})`.execute(db);
  }
  await sql`
    grant select, insert, update, delete on all tables in schema lore to cauldron_app, cauldron_system;
    grant usage, select on all sequences in schema lore to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES_IN_DROP_ORDER) {
    await sql`drop table ${sql.table(`lore.${table}`)}`.execute(db);
  }
}

async function createDocuments(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table lore.documents (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      title text not null check (title <> ''),
      slug text check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      content text not null default '',
      content_type text not null default 'text/markdown' check (content_type <> ''),
      status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
      source text,
      source_url text,
      metadata jsonb not null default '{}',
      created_by uuid references public.users (id) on delete set null,
      current_version integer not null default 1 check (current_version >= 1),
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', content), 'B')
      ) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      deleted_at timestamptz,
      unique (organization_id, id)
    );
    create unique index documents_slug_key on lore.documents (organization_id, slug)
      where slug is not null and deleted_at is null;
    create index documents_org_updated_idx on lore.documents (organization_id, updated_at desc);
    create index documents_search_idx on lore.documents using gin (search);
    create index documents_title_trgm_idx on lore.documents using gin (title gin_trgm_ops);
    create trigger touch_updated_at before update on lore.documents
      for each row execute function app.touch_updated_at();

    create table lore.document_versions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      document_id uuid not null,
      version integer not null check (version >= 1),
      title text not null,
      content text not null,
      content_type text not null default 'text/markdown',
      metadata jsonb not null default '{}',
      change_note text,
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      unique (document_id, version),
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade
    );

    create table lore.document_chunks (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      document_id uuid not null,
      version integer not null check (version >= 1),
      chunk_index integer not null check (chunk_index >= 0),
      content text not null,
      token_count integer check (token_count >= 0),
      start_offset integer not null check (start_offset >= 0),
      end_offset integer not null,
      metadata jsonb not null default '{}',
      created_at timestamptz not null default now(),
      check (end_offset >= start_offset),
      unique (document_id, version, chunk_index),
      unique (organization_id, id),
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade
    );
  `.execute(db);
}

async function createClassification(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table lore.document_categories (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      parent_id uuid,
      name text not null check (name <> ''),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      description text,
      sort_order integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (parent_id <> id),
      unique (organization_id, slug),
      unique (organization_id, id),
      -- deleting a category removes its subtree, as deleting a folder does
      foreign key (organization_id, parent_id)
        references lore.document_categories (organization_id, id) on delete cascade
    );
    create index document_categories_parent_idx on lore.document_categories (parent_id);
    create trigger touch_updated_at before update on lore.document_categories
      for each row execute function app.touch_updated_at();

    create table lore.document_category_associations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      document_id uuid not null,
      category_id uuid not null,
      created_at timestamptz not null default now(),
      unique (document_id, category_id),
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade,
      foreign key (organization_id, category_id)
        references lore.document_categories (organization_id, id) on delete cascade
    );
    create index document_category_associations_category_idx
      on lore.document_category_associations (category_id);

    create table lore.document_tags (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (name <> ''),
      color text check (color ~ '^#[0-9a-fA-F]{6}$'),
      created_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );

    create table lore.document_tag_associations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      document_id uuid not null,
      tag_id uuid not null,
      created_at timestamptz not null default now(),
      unique (document_id, tag_id),
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade,
      foreign key (organization_id, tag_id)
        references lore.document_tags (organization_id, id) on delete cascade
    );
    create index document_tag_associations_tag_idx on lore.document_tag_associations (tag_id);

    create table lore.document_teams (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      document_id uuid not null,
      team_id uuid not null,
      access_level text not null default 'read' check (access_level in ('read', 'write')),
      created_at timestamptz not null default now(),
      unique (document_id, team_id),
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade,
      foreign key (team_id, organization_id) references public.teams (id, organization_id) on delete cascade
    );
    create index document_teams_team_idx on lore.document_teams (team_id);
  `.execute(db);
}
