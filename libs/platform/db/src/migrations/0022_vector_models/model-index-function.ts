import { type Kysely, sql } from "kysely";

/**
 * vector.build_model_index(model): builds the model's partial HNSW index over its rows of
 * vector.embeddings and returns the index's name. Everything in the statement comes from the
 * model's row, whose columns are checked by constraints (distance from a fixed list, integers in
 * range), and the name and model id are quoted by format(); the caller passes only the id.
 * Models over 2,000 dimensions index as halfvec, which HNSW takes up to 4,000. CREATE INDEX
 * cannot be CONCURRENTLY inside a function, but a new model's index holds none of the table's
 * existing rows, so the build reads the table once and writers wait only for that scan.
 */
export async function createModelIndexFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function vector.build_model_index(p_model uuid) returns text
      language plpgsql
      security definer
      set search_path = pg_catalog, public, pg_temp
      set maintenance_work_mem = '256MB'
      as $$
      declare
        model vector.embedding_models%rowtype;
        index_name text;
        element_type text;
        operator_class text;
      begin
        select * into model from vector.embedding_models where id = p_model;
        if not found then
          raise exception 'embedding model % does not exist', p_model using errcode = 'no_data_found';
        end if;
        if model.dimensions > 4000 then
          raise exception 'HNSW indexes take at most 4000 dimensions; model % has %', p_model, model.dimensions
            using errcode = 'program_limit_exceeded';
        end if;
        element_type := case when model.dimensions > 2000 then 'halfvec' else 'vector' end;
        operator_class := element_type || case model.distance
          when 'cosine' then '_cosine_ops'
          when 'inner_product' then '_ip_ops'
          else '_l2_ops'
        end;
        index_name := coalesce(model.index_name, 'embeddings_hnsw_' || replace(p_model::text, '-', ''));
        execute format(
          'create index if not exists %I on vector.embeddings using hnsw ((embedding::%s(%s)) %s) '
          'with (m = %s, ef_construction = %s) where model_id = %L',
          index_name, element_type, model.dimensions, operator_class,
          model.index_m, model.index_ef_construction, p_model);
        return index_name;
      end
      $$;
    -- The function runs as the owner, on whom RLS is forced; it reads any organization's model.
    create policy owner_builds_indexes on vector.embedding_models for select to cauldron_owner using (true);
    revoke execute on function vector.build_model_index(uuid) from public, cauldron_app;
    grant execute on function vector.build_model_index(uuid) to cauldron_system;
  `.execute(db);
}
