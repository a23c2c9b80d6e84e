import { toVectorBinary, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** One answered search as search_queries and search_results keep it. */
export interface LoggedSearch {
  queryId: string;
  organizationId: string;
  userId: string | null;
  queryText: string | null;
  queryVector: readonly number[];
  modelId: string;
  collectionId: string | null;
  filters: Record<string, unknown>;
  topK: number;
  threshold: number | null;
  mode: "vector" | "hybrid";
  latencyMs: number;
  /** The hits in the order returned; rank 1 is the first. */
  hits: readonly { id: string; score: number }[];
}

/**
 * Writes a batch of searches and their hits in one statement, a column array per field whatever
 * the batch's size, and each query vector in pgvector's binary form (formatting and parsing it as
 * decimal text cost more than the rest of the row). The hits' foreign keys to their searches are
 * checked as the statement ends, after the searches went in. A hit deleted since the answer is
 * left out rather than failing the whole record.
 */
export async function writeSearches(trx: Transaction<Database>, searches: readonly LoggedSearch[]): Promise<void> {
  const column = <T>(value: (search: LoggedSearch) => T) => searches.map(value);
  const hits = searches.flatMap((search) => search.hits.map((hit, index) => ({ search, hit, rank: index + 1 })));
  const queryVectors = sql.join(
    searches.map((search, index) => sql`(${index + 1}::bigint, ${toVectorBinary(search.queryVector)}::vector)`),
  );
  await sql`
    with logged as (
      insert into vector.search_queries (id, organization_id, user_id, query_text, query_embedding, model_id,
                                         collection_id, filters, top_k, similarity_threshold, mode, result_count,
                                         latency_ms)
      select q.id, q.organization_id, q.user_id, q.query_text, v.embedding, q.model_id,
             q.collection_id, q.filters::jsonb, q.top_k, q.threshold, q.mode, q.result_count, q.latency_ms
        from unnest(
               ${column((search) => search.queryId)}::uuid[],
               ${column((search) => search.organizationId)}::uuid[],
               ${column((search) => search.userId)}::uuid[],
               ${column((search) => search.queryText)}::text[],
               ${column((search) => search.modelId)}::uuid[],
               ${column((search) => search.collectionId)}::uuid[],
               ${column((search) => JSON.stringify(search.filters))}::text[],
               ${column((search) => search.topK)}::int[],
               ${column((search) => search.threshold)}::float8[],
               ${column((search) => search.mode)}::text[],
               ${column((search) => search.hits.length)}::int[],
               ${column((search) => search.latencyMs)}::float8[]
             ) with ordinality as q (id, organization_id, user_id, query_text, model_id, collection_id, filters,
                                     top_k, threshold, mode, result_count, latency_ms, position)
        join (values ${queryVectors}) as v (position, embedding) on v.position = q.position
    )
    insert into vector.search_results (organization_id, query_id, embedding_id, similarity_score, rank)
    select hit.organization_id, hit.query_id, hit.embedding_id, hit.score, hit.rank
      from unnest(
             ${hits.map(({ search }) => search.organizationId)}::uuid[],
             ${hits.map(({ search }) => search.queryId)}::uuid[],
             ${hits.map(({ hit }) => hit.id)}::uuid[],
             ${hits.map(({ hit }) => hit.score)}::float8[],
             ${hits.map(({ rank }) => rank)}::int[]
           ) as hit (organization_id, query_id, embedding_id, score, rank)
     where exists (select 1 from vector.embeddings e where e.id = hit.embedding_id)
  `.execute(trx);
}
