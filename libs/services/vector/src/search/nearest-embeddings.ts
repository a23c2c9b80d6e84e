import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { inScope, type SearchScope } from "./search-scope";
import { exactDistance, indexOrdering, storedVector, type ComparedModel } from "./vector-distance";

/** A nearest-neighbour question: the rows in scope nearest to `query`, at most `limit` of them. */
export interface NearestRequest {
  scope: SearchScope;
  model: ComparedModel;
  query: readonly number[];
  limit: number;
  includeVectors: boolean;
}

/** How the HNSW index is walked for one search. */
export interface IndexScanSettings {
  /** Candidate list size: larger finds more of the true neighbours, slower. */
  efSearch: number;
  /** Where an iterative scan gives up; a search that comes back short is then answered exactly. */
  maxScanTuples: number;
}

/** Rows of `vector.embeddings as e` with what a hit shows and their full-precision distance to the query. */
export function scoredEmbeddings(trx: Transaction<Database>, request: Omit<NearestRequest, "limit" | "scope">) {
  return trx
    .selectFrom("vector.embeddings as e")
    .select(["e.id", "e.content", "e.metadata", "e.entity_type", "e.entity_id"])
    .select(exactDistance(request.model, request.query).as("distance"))
    .$if(request.includeVectors, (query) => query.select(storedVector.as("embedding")));
}

export type ScoredEmbedding = Awaited<ReturnType<ReturnType<typeof scoredEmbeddings>["execute"]>>[number];

/** Compares the query with every row in scope: exact, and never through the HNSW index. */
export function exactNearestQuery(trx: Transaction<Database>, request: NearestRequest) {
  return scoredEmbeddings(trx, request)
    .where(inScope(request.scope))
    .orderBy("distance")
    .orderBy("e.id")
    .limit(request.limit);
}

/**
 * Walks the model's HNSW index for the `limit` nearest rows in its graph, and compares the query
 * with the rows in scope whose vectors are still pending (not in the graph yet: embedding-writes.ts)
 * for the `limit` nearest of those; answers both, nearest first, each row saying which it came from.
 * With relaxed iterative scans the index hands back rows roughly in order and keeps going until
 * enough pass the filters, so the outer query puts them in order.
 */
export function indexNearestQuery(trx: Transaction<Database>, request: NearestRequest) {
  const inGraph = scoredEmbeddings(trx, request)
    .select(sql<boolean>`true`.as("in_graph"))
    .where(inScope(request.scope))
    .where("e.embedding", "is not", null)
    .orderBy(indexOrdering(request.model, request.query))
    .limit(request.limit);
  const pending = scoredEmbeddings(trx, request)
    .select(sql<boolean>`false`.as("in_graph"))
    .where(inScope(request.scope))
    .where("e.pending_embedding", "is not", null)
    .orderBy("distance")
    .limit(request.limit);
  const candidates = trx
    .selectFrom(inGraph.as("g"))
    .selectAll("g")
    .unionAll(trx.selectFrom(pending.as("p")).selectAll("p"));
  return trx
    .selectFrom(candidates.as("c"))
    .selectAll("c")
    .orderBy("c.distance")
    .orderBy("c.id")
    .$castTo<ScoredEmbedding & { in_graph: boolean }>();
}

/**
 * Settings of this transaction's index scans: a relaxed iterative scan, so filters (the
 * organization's, the metadata filter, the collection) cannot shrink the result below `limit`
 * while rows that match are left in the index.
 */
export async function useIndexScan(trx: Transaction<Database>, settings: IndexScanSettings): Promise<void> {
  // Sent with the search that follows, in the same round trip (pipelined-dialect.ts).
  await sql`/* unanswered */ select set_config('hnsw.ef_search', ${String(settings.efSearch)}, true),
           set_config('hnsw.iterative_scan', 'relaxed_order', true),
           set_config('hnsw.max_scan_tuples', ${String(settings.maxScanTuples)}, true)
  `.execute(trx);
}

/** The nearest rows in scope, and how they were found. */
export interface NearestRows {
  strategy: "index" | "exact";
  rows: ScoredEmbedding[];
}

/**
 * The `limit` nearest rows in scope. An index search whose walk of the graph comes back short
 * (its scan reached max_scan_tuples, or fewer rows match) is answered again exactly, pending rows
 * included, so a search returns `limit` rows whenever that many match, and pending rows never
 * stand in for graph rows the walk did not reach.
 */
export async function findNearest(
  trx: Transaction<Database>,
  request: NearestRequest,
  strategy: "index" | "exact",
  settings: IndexScanSettings,
): Promise<NearestRows> {
  if (strategy === "index") {
    await useIndexScan(trx, settings);
    const rows = await indexNearestQuery(trx, request).execute();
    if (rows.filter((row) => row.in_graph).length >= request.limit) {
      return { strategy, rows: rows.slice(0, request.limit).map(({ in_graph: _, ...row }) => row) };
    }
  }
  return { strategy: "exact", rows: await exactNearestQuery(trx, request).execute() };
}

/** Rows in scope among `ids`, with their distance to the query (hybrid hits found by full text only). */
export async function loadScoredEmbeddings(
  trx: Transaction<Database>,
  request: Omit<NearestRequest, "limit">,
  ids: readonly string[],
): Promise<ScoredEmbedding[]> {
  if (ids.length === 0) return [];
  return scoredEmbeddings(trx, request)
    .where(inScope(request.scope))
    .where("e.id", "in", [...ids])
    .execute();
}
