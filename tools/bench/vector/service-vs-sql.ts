import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { BenchFigure } from "../bench-report";
import type { DistanceSpace } from "./exact-neighbours";
import { count, millis } from "./findings-table";
import { answerOnEverySide, type Lane, type LoadResult } from "./query-load";
import { recallAtK } from "./recall";
import type { SearchAnswer, SearchCase } from "./search-case";
import { startBareSearchRoute } from "./bare-search-route";
import { searchDuties } from "./search-duties";
import {
  checkSameAnswers,
  serviceLanes,
  sqlIndexSearch,
  sqlLanes,
  type BaselineModel,
  type VectorForm,
} from "./search-lanes";
import type { BenchTenant, VectorClient } from "./vector-bench-stack";
import type { VectorSet } from "./vector-set";
import { bareRouteFigures, recallFigure, searchFigures } from "./vector-figures";

/** Everything the service-against-SQL comparison of one data set needs. */
export interface Comparison {
  label: string;
  /** One client per concurrent lane. */
  clients: VectorClient[];
  /** More service sides measured in the same turns, by name (another configuration, vectors sent as numbers). */
  otherServices?: Record<string, { clients: VectorClient[]; form: VectorForm }>;
  pool: import("pg").Pool;
  /** The services' role, connected as a service connects: the bare route's duties run on it. */
  appDb: Kysely<Database>;
  tenant: BenchTenant;
  model: BaselineModel;
  rowOfId: ReadonlyMap<string, number>;
  queries: VectorSet;
  queryRows: readonly number[];
  /** Exact neighbours by query position, `truthDepth` per query. */
  truth: Int32Array;
  truthDepth: number;
  space: DistanceSpace;
  topK: number;
  defaultEfSearch: number;
  /** The services' statement count so far (VectorBenchStack.statementsSent). */
  statementsSent: () => number;
}

/** The side that puts the SQL behind a bare node:http route (bare-search-route.ts). */
export const BARE_ROUTE = "bare node:http route";

/** The bare route doing what every search of the service must also do. */
export const BARE_ROUTE_WITH_DUTIES = "bare route + access + query log";

/** The findings tables' note on the bare routes' rows. */
export const BARE_ROUTE_NOTE =
  `${BARE_ROUTE}: the SQL side's statements behind node:http in this process (JSON in, ids out; ` +
  "no tRPC, authentication, validation or query log), as near the SQL as any HTTP service could come here. " +
  `${BARE_ROUTE_WITH_DUTIES}: that route also looks up the caller's organization access, in the search's own ` +
  "round trip, and queues the search for the service's query log, as every search must: the nearest the service can come.";

const STATEMENT_PROBE = 50;
// The query log is written after each answer; this is long enough for the last one to land.
const LOG_SETTLE_MS = 500;

/**
 * SQL statements the service sends per search, transaction begin and commit aside, the query log
 * included (the SQL baseline sends three: tenant settings, index settings, the search).
 */
export async function statementsPerSearch(comparison: Comparison, searchCase: SearchCase): Promise<number> {
  const [lane] = serviceLanes(comparison.clients.slice(0, 1), comparison.model.id, comparison.rowOfId, searchCase);
  const before = comparison.statementsSent();
  for (let position = 0; position < STATEMENT_PROBE; position += 1) await lane!(position);
  await new Promise((resolve) => setTimeout(resolve, LOG_SETTLE_MS));
  return (comparison.statementsSent() - before) / STATEMENT_PROBE;
}

/** The findings table's columns for `comparisonRows`. */
export const COMPARISON_HEADER = [
  "efSearch",
  "side",
  "recall@10",
  "QPS",
  "p50 ms",
  "p95 ms",
  "event loop busy",
  "process CPU ms/query",
];

/**
 * Answers every query through the service and through the same SQL on pg, at the same
 * concurrency and efSearch, in turns, beside the same SQL behind a bare node:http route; checks
 * first that the service and the SQL return the same rows. Returns the figures (QPS held to 0.8×
 * the SQL, recall@10 to 0.95 at the default efSearch) and table rows.
 */
export async function compareWithSql(
  comparison: Comparison,
  efSearch: number,
  progress: (text: string) => void,
): Promise<{ figures: BenchFigure[]; rows: string[][] }> {
  const { clients, pool, tenant, model, rowOfId, queryRows } = comparison;
  const searchCase: SearchCase = { queries: comparison.queries, queryRows, topK: comparison.topK, efSearch };
  await checkSameAnswers(clients[0]!, pool, tenant, model, rowOfId, searchCase, 20);
  progress(`efSearch ${efSearch}: ${count(queryRows.length)} queries on ${clients.length} lanes, each side in turns`);
  const searchOptions = { topK: comparison.topK, efSearch, filtered: false };
  const bare = await startBareSearchRoute(sqlIndexSearch(pool, tenant, model, searchOptions));
  const duties = searchDuties({ db: comparison.appDb, tenant, model, topK: comparison.topK });
  const dutiful = await startBareSearchRoute(
    sqlIndexSearch(pool, tenant, model, { ...searchOptions, access: duties.access }),
    duties,
  );
  const sides: Record<string, Lane<SearchAnswer>[]> = {
    service: serviceLanes(clients, model.id, rowOfId, searchCase),
    SQL: sqlLanes(pool, tenant, model, rowOfId, searchCase, clients.length),
    [BARE_ROUTE]: bare.lanes(searchCase, rowOfId, clients.length),
    [BARE_ROUTE_WITH_DUTIES]: dutiful.lanes(searchCase, rowOfId, clients.length),
  };
  for (const [name, other] of Object.entries(comparison.otherServices ?? {})) {
    sides[name] = serviceLanes(other.clients, model.id, rowOfId, searchCase, other.form);
  }
  // A whole pass untimed first: a fresh service process answers its first few hundred searches more slowly.
  const results = await answerOnEverySide(queryRows.length, sides, { warmup: queryRows.length, chunks: 4 }).finally(
    () => Promise.all([bare.close(), dutiful.close()]),
  );
  const recallOf = (result: LoadResult<SearchAnswer>) =>
    recallAtK(
      comparison.space,
      comparison.queries,
      queryRows,
      comparison.truth,
      comparison.truthDepth,
      result.answers.map((answer) => answer.rows),
      comparison.topK,
    );
  const isDefault = efSearch === comparison.defaultEfSearch;
  const label = `${comparison.label} ef ${efSearch}${isDefault ? " (default)" : ""}`;
  const service = results.service!;
  const figures = [
    ...searchFigures(label, clients.length, service, results.SQL!),
    ...bareRouteFigures(label, service, results[BARE_ROUTE]!, results[BARE_ROUTE_WITH_DUTIES]!, results.SQL!),
    recallFigure(label, recallOf(service), isDefault ? 0.95 : undefined),
  ];
  const rows = Object.entries(results).map(([side, result]) => [
    String(efSearch),
    side,
    recallOf(result).toFixed(3),
    count(result.queriesPerSecond),
    millis(result.p50Ms),
    millis(result.p95Ms),
    `${(result.eventLoopBusy * 100).toFixed(0)}%`,
    result.cpuMsPerQuery.toFixed(2),
  ]);
  return { figures, rows };
}
