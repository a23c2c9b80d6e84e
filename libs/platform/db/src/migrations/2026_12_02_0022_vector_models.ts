import { type Kysely, sql } from "kysely";
import { createModelIndexFunction } from "./0022_vector_models/model-index-function";

/*
 * What the vector service needs beyond 0005's tables:
 * - models say how they compare (distance), how their HNSW index is built (m, ef_construction),
 *   where that build stands, and whether they are retired; the built-ins become the `hash` and
 *   `glove` providers, with the indexes 0005 built for them recorded as ready;
 * - vector.build_model_index, owned by the tables' owner and executable only by the system role,
 *   builds a model's partial index from a job, so the services' role never holds DDL rights;
 * - embeddings carry an English full-text vector of their content for hybrid search, and an index
 *   per (organization, model) for exact search over one organization's rows;
 * - search_queries log how a search went (mode, result count, latency), for analytics;
 * - an organization's choice of default model is an organization setting, vector.default_model_id.
 */

const BUILTIN_PROVIDERS = [
  { id: "0c4a1d70-e3b0-4c38-9a84-000000000384", provider: "hash", index: "embeddings_hnsw_cauldron_hash_384" },
  { id: "0c4a1d70-e3b0-4c38-9a84-000000000100", provider: "glove", index: "embeddings_hnsw_wink_glove_100" },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table vector.embedding_models
      add column distance text not null default 'cosine' check (distance in ('cosine', 'inner_product', 'l2')),
      add column index_m integer not null default 16 check (index_m between 2 and 100),
      add column index_ef_construction integer not null default 64 check (index_ef_construction between 4 and 1000),
      add column index_state text not null default 'pending'
        check (index_state in ('pending', 'building', 'ready', 'failed')),
      add column index_name text,
      add column index_error text,
      add column index_built_at timestamptz,
      add column retired_at timestamptz,
      add constraint embedding_models_ef_construction_check check (index_ef_construction >= 2 * index_m);
  `.execute(db);
  // Tables force RLS on their owner (0016); the system role sees every row.
  await sql`set local role cauldron_system`.execute(db);
  for (const model of BUILTIN_PROVIDERS) {
    await sql`
      update vector.embedding_models
         set provider = ${model.provider}, index_state = 'ready', index_name = ${model.index}, index_built_at = now()
       where id = ${model.id}
    `.execute(db);
  }
  await sql`reset role`.execute(db);
  await sql`
    alter table vector.embedding_models
      drop constraint embedding_models_provider_check,
      add constraint embedding_models_provider_check
        check (provider in ('precomputed', 'hash', 'glove', 'openai-compatible'));

    -- an entity id alone names an outside object; a type, when given, needs the id it qualifies
    alter table vector.embeddings
      drop constraint embeddings_check1,
      add constraint embeddings_entity_check check (entity_type is null or entity_id is not null);
    alter table vector.embeddings
      add column content_tsv tsvector generated always as (to_tsvector('english', content)) stored;
    create index embeddings_content_tsv_idx on vector.embeddings using gin (content_tsv);
    create index embeddings_organization_model_idx on vector.embeddings (organization_id, model_id);
    create index embeddings_metadata_idx on vector.embeddings using gin (metadata jsonb_path_ops);

    alter table vector.search_queries
      alter column query_text drop not null,
      add column mode text not null default 'vector' check (mode in ('vector', 'hybrid')),
      add column collection_id uuid,
      add column result_count integer check (result_count >= 0),
      add column latency_ms double precision check (latency_ms >= 0);
  `.execute(db);
  await sql`
    set local role cauldron_system;
    insert into admin.system_settings (key, value, description)
    values ('vector.default_model_id', 'null',
            'The embedding model an organization embeds with when a call names none (null: the built-in default)');
    reset role;
  `.execute(db);
  await createModelIndexFunction(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    set local role cauldron_system;
    delete from public.organization_settings where key = 'vector.default_model_id';
    delete from admin.system_settings where key = 'vector.default_model_id';
    reset role;
    drop function vector.build_model_index(uuid);
    drop policy owner_builds_indexes on vector.embedding_models;
    alter table vector.search_queries
      drop column latency_ms, drop column result_count, drop column collection_id, drop column mode;
    update vector.search_queries set query_text = '' where query_text is null;
    alter table vector.search_queries alter column query_text set not null;
    drop index vector.embeddings_metadata_idx;
    drop index vector.embeddings_organization_model_idx;
    alter table vector.embeddings drop column content_tsv;
    alter table vector.embeddings
      drop constraint embeddings_entity_check,
      add constraint embeddings_check1 check ((entity_type is null) = (entity_id is null));
    alter table vector.embedding_models drop constraint embedding_models_provider_check;
    set local role cauldron_system;
    update vector.embedding_models set provider = 'builtin' where organization_id is null;
    reset role;
    alter table vector.embedding_models add constraint embedding_models_provider_check check (provider <> '');
    alter table vector.embedding_models
      drop constraint embedding_models_ef_construction_check,
      drop column retired_at, drop column index_built_at, drop column index_error, drop column index_name,
      drop column index_state, drop column index_ef_construction, drop column index_m, drop column distance;
  `.execute(db);
}
