import { type Kysely, sql } from "kysely";
import { BUILTIN_EMBEDDING_MODELS } from "../builtin-embedding-models";

/*
 * Vector: embedding models, embeddings, collections and search logs.
 *
 * `embedding` is an untyped `vector` so models of any size share one table; `dimensions` must
 * match it (CHECK) and the model (trigger). HNSW needs a fixed size, so each built-in model gets
 * a partial expression index; a query uses it only when it repeats both the expression and the
 * predicate: `where model_id = '<id>' order by embedding::vector(384) <=> $1 limit k`.
 *
 * Models with organization_id NULL are built in and readable by every tenant; a tenant writes
 * only its own. Foreign-key checks ignore RLS, so a trigger stops rows pointing at another
 * tenant's model, and tenant-owned children use (organization_id, id) composite keys.
 */

const TABLES_IN_DROP_ORDER = [
  "search_results",
  "search_queries",
  "collection_items",
  "collections",
  "embeddings",
  "embedding_models",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createModels(db);
  await createEmbeddings(db);
  await createCollectionsAndSearches(db);

  for (const table of ["embeddings", "collections", "collection_items", "search_queries", "search_results"]) {
    await sql`select app.apply_org_rls(${sql.lit(`vector.${table}`)})`.execute(db);
  }
  await sql`
    grant select, insert, update, delete on all tables in schema vector to cauldron_app, cauldron_system;
    grant usage, select on all sequences in schema vector to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES_IN_DROP_ORDER) {
    await sql`drop table ${sql.table(`vector.${table}`)}`.execute(db);
  }
  await sql`drop function vector.check_model_scope()`.execute(db);
}

async function createModels(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vector.embedding_models (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references public.organizations (id) on delete cascade,
      name text not null check (name <> ''),
      provider text not null check (provider <> ''),
      dimensions integer not null check (dimensions between 1 and 16000),
      version text,
      description text,
      configuration jsonb not null default '{}',
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique nulls not distinct (organization_id, name)
    );
    -- one default among the built-ins, and at most one per organization overriding it
    create unique index embedding_models_default_key on vector.embedding_models (organization_id)
      nulls not distinct where is_default;
    create trigger touch_updated_at before update on vector.embedding_models
      for each row execute function app.touch_updated_at();

    select app.apply_org_rls('vector.embedding_models');
    create policy builtin_models_readable on vector.embedding_models
      for select using (organization_id is null);
  `.execute(db);

  for (const model of BUILTIN_EMBEDDING_MODELS) {
    await sql`
      insert into vector.embedding_models (id, organization_id, name, provider, dimensions, description, is_default)
      values (${model.id}, null, ${model.name}, ${model.provider}, ${model.dimensions}, ${model.description},
              ${model.isDefault})
    `.execute(db);
  }

  // Runs as the caller: for the app role RLS already hides other tenants' models; for the
  // system role (BYPASSRLS) the organization comparison does the same.
  await sql`
    create function vector.check_model_scope() returns trigger
      language plpgsql
      as $$
      declare
        model_org uuid;
        model_dims integer;
      begin
        if new.model_id is null then
          return new;
        end if;
        select m.organization_id, m.dimensions into model_org, model_dims
          from vector.embedding_models m where m.id = new.model_id;
        if not found or (model_org is not null and model_org <> new.organization_id) then
          raise exception 'embedding model % is not available to organization %',
            new.model_id, new.organization_id using errcode = 'foreign_key_violation';
        end if;
        -- nested: plpgsql resolves new.<field> even when an AND's left side is false
        if tg_table_name = 'embeddings' then
          if new.dimensions <> model_dims then
            raise exception 'embedding has % dimensions but model % produces %',
              new.dimensions, new.model_id, model_dims using errcode = 'check_violation';
          end if;
        elsif tg_table_name = 'search_queries' then
          if vector_dims(new.query_embedding) <> model_dims then
            raise exception 'query embedding has % dimensions but model % produces %',
              vector_dims(new.query_embedding), new.model_id, model_dims using errcode = 'check_violation';
          end if;
        end if;
        return new;
      end
      $$;
  `.execute(db);
}

async function createEmbeddings(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vector.embeddings (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      model_id uuid not null references vector.embedding_models (id) on delete cascade,
      model text not null,
      content text not null,
      content_hash text not null generated always as (encode(digest(content, 'sha256'), 'hex')) stored,
      embedding vector not null,
      dimensions integer not null,
      metadata jsonb not null default '{}',
      entity_type text,
      entity_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (vector_dims(embedding) = dimensions),
      check ((entity_type is null) = (entity_id is null)),
      -- the same text for the same owner is embedded once per model: the upsert key
      unique nulls not distinct (organization_id, model_id, content_hash, entity_type, entity_id),
      unique (organization_id, id)
    );
    create index embeddings_entity_idx on vector.embeddings (entity_id) where entity_id is not null;
    create trigger check_model_scope before insert or update on vector.embeddings
      for each row execute function vector.check_model_scope();
    create trigger touch_updated_at before update on vector.embeddings
      for each row execute function app.touch_updated_at();
  `.execute(db);

  for (const model of BUILTIN_EMBEDDING_MODELS) {
    const index = sql.id(`embeddings_hnsw_${model.name.replace(/[^a-z0-9]+/g, "_")}`);
    const dims = sql.raw(String(model.dimensions));
    await sql`
      create index ${index} on vector.embeddings
        using hnsw ((embedding::vector(${dims})) vector_cosine_ops)
        where model_id = ${sql.lit(model.id)}
    `.execute(db);
  }
}

async function createCollectionsAndSearches(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vector.collections (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      model_id uuid not null references vector.embedding_models (id),
      name text not null check (name <> ''),
      description text,
      metadata_schema jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create index collections_model_idx on vector.collections (model_id);
    create trigger check_model_scope before insert or update on vector.collections
      for each row execute function vector.check_model_scope();
    create trigger touch_updated_at before update on vector.collections
      for each row execute function app.touch_updated_at();

    create table vector.collection_items (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      collection_id uuid not null,
      embedding_id uuid not null,
      created_at timestamptz not null default now(),
      unique (collection_id, embedding_id),
      foreign key (organization_id, collection_id)
        references vector.collections (organization_id, id) on delete cascade,
      foreign key (organization_id, embedding_id)
        references vector.embeddings (organization_id, id) on delete cascade
    );
    create index collection_items_embedding_idx on vector.collection_items (embedding_id);

    create table vector.search_queries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      user_id uuid references public.users (id) on delete set null,
      query_text text not null,
      query_embedding vector,
      model_id uuid references vector.embedding_models (id) on delete set null,
      filters jsonb not null default '{}',
      top_k integer not null default 10 check (top_k between 1 and 1000),
      similarity_threshold double precision,
      created_at timestamptz not null default now(),
      unique (organization_id, id)
    );
    create index search_queries_org_created_idx on vector.search_queries (organization_id, created_at desc);
    create index search_queries_user_idx on vector.search_queries (user_id) where user_id is not null;
    create trigger check_model_scope before insert or update on vector.search_queries
      for each row execute function vector.check_model_scope();

    create table vector.search_results (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      query_id uuid not null,
      embedding_id uuid not null,
      chunk_id uuid,
      similarity_score double precision not null,
      rank integer not null check (rank >= 1),
      created_at timestamptz not null default now(),
      unique (query_id, rank),
      foreign key (organization_id, query_id)
        references vector.search_queries (organization_id, id) on delete cascade,
      foreign key (organization_id, embedding_id)
        references vector.embeddings (organization_id, id) on delete cascade,
      foreign key (organization_id, chunk_id)
        references lore.document_chunks (organization_id, id) on delete set null (chunk_id)
    );
    create index search_results_embedding_idx on vector.search_results (embedding_id);
    create index search_results_chunk_idx on vector.search_results (chunk_id) where chunk_id is not null;
  `.execute(db);
}
