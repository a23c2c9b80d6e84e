import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** A time window of the query log, both ends included; an open end reaches the first or latest search. */
export interface QueryLogWindow {
  from?: Date;
  to?: Date;
}

/** A search text with how often the organization searched for it in the window. */
export interface QueryCount {
  queryText: string;
  count: number;
  lastSearchedAt: Date;
}

/** How long the organization's searches took in the window. */
export interface SearchLatency {
  searches: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

function loggedSearches(trx: Transaction<Database>, organizationId: string, window: QueryLogWindow) {
  const { from, to } = window;
  return trx
    .selectFrom("vector.search_queries as q")
    .where("q.organization_id", "=", organizationId)
    .$if(from !== undefined, (query) => query.where("q.created_at", ">=", from!))
    .$if(to !== undefined, (query) => query.where("q.created_at", "<=", to!));
}

/**
 * The organization's most frequent search texts in the window, most searched first (the latest
 * first among equals); `zeroResultsOnly` keeps searches that found nothing. Vector-only searches
 * have no text and are not counted.
 */
export async function frequentQueries(
  trx: Transaction<Database>,
  organizationId: string,
  window: QueryLogWindow & { limit: number },
  options: { zeroResultsOnly: boolean },
): Promise<QueryCount[]> {
  const rows = await loggedSearches(trx, organizationId, window)
    .where("q.query_text", "is not", null)
    .$if(options.zeroResultsOnly, (query) => query.where("q.result_count", "=", 0))
    .select((eb) => [
      "q.query_text",
      eb.fn.countAll<number>().as("count"),
      eb.fn.max("q.created_at").as("last_searched_at"),
    ])
    .groupBy("q.query_text")
    .orderBy("count", "desc")
    .orderBy("last_searched_at", "desc")
    .orderBy("q.query_text")
    .limit(window.limit)
    .execute();
  return rows.map((row) => ({
    queryText: row.query_text ?? "",
    count: Number(row.count),
    lastSearchedAt: row.last_searched_at,
  }));
}

/** The number of searches in the window and the 50th, 95th and 99th percentiles of their latency. */
export async function searchLatency(
  trx: Transaction<Database>,
  organizationId: string,
  window: QueryLogWindow,
): Promise<SearchLatency> {
  const row = await loggedSearches(trx, organizationId, window)
    .select((eb) => [
      eb.fn.countAll<string>().as("searches"),
      sql<number | null>`percentile_cont(0.5) within group (order by q.latency_ms)`.as("p50"),
      sql<number | null>`percentile_cont(0.95) within group (order by q.latency_ms)`.as("p95"),
      sql<number | null>`percentile_cont(0.99) within group (order by q.latency_ms)`.as("p99"),
    ])
    .executeTakeFirstOrThrow();
  return { searches: Number(row.searches), p50Ms: row.p50, p95Ms: row.p95, p99Ms: row.p99 };
}
