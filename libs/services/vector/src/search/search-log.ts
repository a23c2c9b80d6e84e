import type { Database } from "@cauldron/db";
import { toVectorLiteral } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { Logger } from "pino";

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
  /** Queues `search` to be written and returns at once; a failed write is logged, never thrown. */
  record(search: LoggedSearch): void;
  /** Resolves once every search queued so far has been written (or logged as lost). */
  settled(): Promise<void>;
  /** Searches queued or being written. */
  readonly pending: number;
}

/** Runs work in a transaction of the service's own (RLS bypassed): the log's rows carry their organization. */
export type SystemTransactionRunner = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

async function writeSearches(trx: Transaction<Database>, searches: readonly LoggedSearch[]): Promise<void> {
  await trx
    .insertInto("vector.search_queries")
    .values(
      searches.map((search) => ({
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
      })),
    )
    .execute();
  const hits = searches.flatMap((search) => search.hits.map((hit, index) => ({ search, hit, rank: index + 1 })));
  if (hits.length === 0) return;
  // A hit deleted since the answer is left out rather than failing the whole record.
  await sql`
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

// The error's kind and message only: a driver error's detail can quote the row, query text included.
function describeFailure(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === "string" ? { code } : {}), message: error.message };
}

/** Most searches one write takes; more waiting are written by the next one. */
const MAX_BATCH = 200;

/**
 * The search query log. Searches are written after their answers are on their way, by one writer
 * at a time: whatever is queued while a write runs goes into the next one, in one transaction, so
 * under load the log costs a few statements per batch instead of a transaction per search.
 * Shutdown waits for the queue (`settled`); a write that fails, even while the pool closes, is
 * logged as lost (ids, never the query text) instead of rejecting where nobody listens.
 */
export function createSearchLog(logger: Logger, inSystemTransaction: SystemTransactionRunner): SearchLog {
  let queued: LoggedSearch[] = [];
  let writing: Promise<void> | undefined;
  let inBatch = 0;

  // A batch that fails (a hit's embedding deleted meanwhile, a deadlock with such a delete) is
  // written again one search at a time, so only the search that cannot be written is lost.
  async function writeOrReport(batch: LoggedSearch[]): Promise<void> {
    try {
      await inSystemTransaction((trx) => writeSearches(trx, batch));
      return;
    } catch (error) {
      if (batch.length > 1) {
        for (const search of batch) await writeOrReport([search]);
        return;
      }
      logger.warn(
        {
          queryIds: batch.map((search) => search.queryId),
          organizationIds: [...new Set(batch.map((search) => search.organizationId))],
          err: describeFailure(error),
        },
        "search query log entries lost",
      );
    }
  }

  async function writeQueued(): Promise<void> {
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(batch.length);
      inBatch = batch.length;
      try {
        await writeOrReport(batch);
      } finally {
        inBatch = 0;
      }
    }
  }

  function startWriting(): void {
    writing ??= Promise.resolve()
      .then(writeQueued)
      .catch(() => undefined)
      .finally(() => {
        writing = undefined;
        if (queued.length > 0) startWriting();
      });
  }

  return {
    record(search) {
      queued.push(search);
      startWriting();
    },
    async settled() {
      while (writing !== undefined) await writing;
    },
    get pending() {
      return queued.length + inBatch;
    },
  };
}
