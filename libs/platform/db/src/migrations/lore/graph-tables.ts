import { type Kysely, sql } from "kysely";

/*
 * 0004 knowledge graph. pgRouting takes integer vertex and edge ids, so entities and
 * relationships carry bigint node_id / edge_id next to their uuids; `weight` is the edge cost:
 *   pgr_dijkstra('select r.edge_id as id, s.node_id as source, t.node_id as target, r.weight as cost
 *                 from lore.relationships r join lore.entities s on s.id = r.source_entity_id
 *                 join lore.entities t on t.id = r.target_entity_id', from_node, to_node)
 * The edge query runs as the caller, so RLS confines the graph to the tenant.
 */

/** 0004: entity types, entities, mentions, relationship types and relationships. */
export async function createGraphTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table lore.entity_types (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (name <> ''),
      description text,
      schema jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create trigger touch_updated_at before update on lore.entity_types
      for each row execute function app.touch_updated_at();

    create table lore.entities (
      id uuid primary key default gen_random_uuid(),
      node_id bigint not null generated always as identity unique,
      organization_id uuid not null references public.organizations (id) on delete cascade,
      type_id uuid not null,
      name text not null check (name <> ''),
      canonical_name text not null check (canonical_name <> ''),
      aliases text[] not null default '{}',
      description text,
      properties jsonb not null default '{}',
      location geography(Point, 4326),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, type_id, canonical_name),
      unique (organization_id, id),
      foreign key (organization_id, type_id) references lore.entity_types (organization_id, id)
    );
    create index entities_name_trgm_idx on lore.entities using gin (name gin_trgm_ops);
    create index entities_aliases_idx on lore.entities using gin (aliases);
    create index entities_location_idx on lore.entities using gist (location);
    create trigger touch_updated_at before update on lore.entities
      for each row execute function app.touch_updated_at();

    create table lore.entity_document_associations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      entity_id uuid not null,
      document_id uuid not null,
      mention_count integer not null default 0 check (mention_count >= 0),
      relevance double precision check (relevance between 0 and 1),
      created_at timestamptz not null default now(),
      unique (entity_id, document_id),
      foreign key (organization_id, entity_id)
        references lore.entities (organization_id, id) on delete cascade,
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade
    );
    create index entity_document_associations_document_idx
      on lore.entity_document_associations (document_id);

    create table lore.entity_mentions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      entity_id uuid not null,
      document_id uuid not null,
      chunk_id uuid,
      start_offset integer not null check (start_offset >= 0),
      end_offset integer not null,
      mention_text text not null,
      confidence double precision not null default 1 check (confidence between 0 and 1),
      created_at timestamptz not null default now(),
      check (end_offset >= start_offset),
      foreign key (organization_id, entity_id)
        references lore.entities (organization_id, id) on delete cascade,
      foreign key (organization_id, document_id)
        references lore.documents (organization_id, id) on delete cascade,
      foreign key (organization_id, chunk_id)
        references lore.document_chunks (organization_id, id) on delete set null (chunk_id)
    );
    create index entity_mentions_entity_idx on lore.entity_mentions (entity_id);
    create index entity_mentions_document_idx on lore.entity_mentions (document_id);
    create index entity_mentions_chunk_idx on lore.entity_mentions (chunk_id) where chunk_id is not null;

    create table lore.relationship_types (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (name <> ''),
      inverse_name text,
      directed boolean not null default true,
      description text,
      created_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );

    create table lore.relationships (
      id uuid primary key default gen_random_uuid(),
      edge_id bigint not null generated always as identity unique,
      organization_id uuid not null references public.organizations (id) on delete cascade,
      source_entity_id uuid not null,
      target_entity_id uuid not null,
      type_id uuid not null,
      weight double precision not null default 1 check (weight >= 0),
      properties jsonb not null default '{}',
      confidence double precision not null default 1 check (confidence between 0 and 1),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (source_entity_id <> target_entity_id),
      -- also the index for lookups by source
      unique (source_entity_id, target_entity_id, type_id),
      foreign key (organization_id, source_entity_id)
        references lore.entities (organization_id, id) on delete cascade,
      foreign key (organization_id, target_entity_id)
        references lore.entities (organization_id, id) on delete cascade,
      foreign key (organization_id, type_id) references lore.relationship_types (organization_id, id)
    );
    create index relationships_target_idx on lore.relationships (target_entity_id);
    create index relationships_type_idx on lore.relationships (type_id);
    create trigger touch_updated_at before update on lore.relationships
      for each row execute function app.touch_updated_at();
  `.execute(db);
}
