import type { Database } from "@cauldron/db";
import { toVectorLiteral } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { Logger } from "pino";
import type { TenantRunner } from "./search-embeddings";

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

/** Writes the query log off the request path. */
export interface SearchLog {
  /** Starts writing `search` in its own tenant transaction and returns at once; a failure is logged, never thrown. */
  record(tenant: TenantRunner, search: LoggedSearch): void;
  /** Resolves once every write started so far has finished (written or logged as lost). */
  settled(): Promise<void>;
  /** Writes started and not yet finished. */
  readonly pending: number;
}

async function writeSearch(trx: Transaction<Database>, search: LoggedSearch): Promise<void> {
  await trx
    .insertInto("vector.search_queries")
    .values({
      id: search.queryId,
      organization_id: search.organizationId,
      user_id: search.userId,
      query_text: search.queryText,
      query_embedding: toVectorLiteral(search.queryVector),
      model_id: search.modelId,
      collection_id: search.collectionId,
      filters: JSON.stringify(search.filters),
      top_k: search.topK,
      similarity_threshold: search.threshold,
      mode: search.mode,
      result_count: search.hits.length,
      latency_ms: search.latencyMs,
    })
    .execute();
  if (search.hits.length === 0) return;
  // A hit deleted since the answer is left out rather than failing the whole record.
  await sql`
    insert into vector.search_results (organization_id, query_id, embedding_id, similarity_score, rank)
    select ${search.organizationId}, ${search.queryId}, hit.embedding_id, hit.score, hit.rank::int
      from unnest(${search.hits.map((hit) => hit.id)}::uuid[], ${search.hits.map((hit) => hit.score)}::float8[])
           with ordinality as hit (embedding_id, score, rank)
     where exists (select 1 from vector.embeddings e where e.id = hit.embedding_id)
  `.execute(trx);
}

// The error's kind and message only: a driver error's detail can quote the row, query text included.
function describeFailure(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === "string" ? { code } : {}), message: error.message };
}

/**
 * The search query log. Writes run after the answer is on its way; each is tracked until it ends,
 * so shutdown can wait for them (`settled`), and one that fails, even after its request is long
 * gone or while the pool closes, is logged as lost instead of rejecting where nobody listens.
 */
export function createSearchLog(logger: Logger): SearchLog {
  const inFlight = new Set<Promise<void>>();
  return {
    record(tenant, search) {
      const write: Promise<void> = Promise.resolve()
        .then(() => tenant((trx) => writeSearch(trx, search)))
        .catch((error: unknown) => {
          logger.warn(
            { queryId: search.queryId, organizationId: search.organizationId, err: describeFailure(error) },
            "search query log entry lost",
          );
        })
        .catch(() => undefined)
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    get pending() {
      return inFlight.size;
    },
  };
}
