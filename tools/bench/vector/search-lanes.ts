import type { MetadataFilter, VectorDistance } from "@cauldron/contracts";
import { isDeepStrictEqual } from "node:util";
import type pg from "pg";
import type { OrganizationAccessRow } from "@cauldron/rpc";
import type { Lane } from "./query-load";
import type { AccessLookUp } from "./search-duties";
import { baseRowOf, formatQueries, queryVector, type SearchAnswer, type SearchCase } from "./search-case";
import type { BenchTenant, VectorClient } from "./vector-bench-stack";

/** The model a search compares with, as the SQL baseline needs it. */
export interface BaselineModel {
  id: string;
  dimensions: number;
  distance: VectorDistance;
}

const OPERATORS: Record<VectorDistance, string> = { cosine: "<=>", inner_product: "<#>", l2: "<->" };

// The service's defaults for what a search leaves unset (VECTOR_DEFAULT_EF_SEARCH; max_scan_tuples
// is at least pgvector's default 20,000 and at least VECTOR_EXACT_SEARCH_MAX_ROWS, 20,000 too).
const DEFAULT_EF_SEARCH = 100;
const MAX_SCAN_TUPLES = 20_000;

/**
 * The text of the service's index search (search/nearest-embeddings.ts, as Kysely compiles it):
 * candidates from the HNSW index in the index's own expression, then ordered by full-precision
 * distance. Parameters: query vector, organization, model, [metadata document], query vector, limit.
 */
function indexSearchText(model: BaselineModel, filtered: boolean): string {
  const operator = OPERATORS[model.distance];
  const cast = `vector(${model.dimensions})`;
  const where = filtered
    ? `("e"."organization_id" = $2 and "e"."model_id" = $3 and (("e"."metadata" @> $4::jsonb)))`
    : `("e"."organization_id" = $2 and "e"."model_id" = $3)`;
  const [orderVector, limit] = filtered ? ["$5", "$6"] : ["$4", "$5"];
  return (
    `select "c".* from (select "e"."id", "e"."content", "e"."metadata", "e"."entity_type", "e"."entity_id", ` +
    `e.embedding ${operator} $1::vector as "distance" from "vector"."embeddings" as "e" where ${where} ` +
    `order by e.embedding::${cast} ${operator} ${orderVector}::${cast} limit ${limit}) as "c" ` +
    `order by "c"."distance", "c"."id"`
  );
}

/** How the service's lanes send a query vector: packed with packVector (as the typed client can), or as numbers. */
export type VectorForm = "packed" | "numbers";

/** One lane per client (one call at a time each, so the batching link never merges calls). */
export function serviceLanes(
  clients: readonly VectorClient[],
  modelId: string,
  rowOfId: ReadonlyMap<string, number>,
  searchCase: SearchCase,
  form: VectorForm = "packed",
): Lane<SearchAnswer>[] {
  formatQueries(searchCase);
  return clients.map((client) => async (position) => {
    const vector = queryVector(searchCase, position);
    const answer = await client.vector.search.query({
      modelId,
      vector: form === "packed" ? vector.packed : vector.numbers,
      topK: searchCase.topK,
      exact: searchCase.exact ?? false,
      ...(searchCase.efSearch !== undefined ? { efSearch: searchCase.efSearch } : {}),
      ...(searchCase.filterOf ? { filter: searchCase.filterOf(position) } : {}),
    });
    return { rows: answer.hits.map((hit) => baseRowOf(rowOfId, hit.id)), strategy: answer.strategy };
  });
}

/** A row an index search found, with its full-precision distance to the query. */
export interface FoundRow {
  id: string;
  distance: number;
}

/** Runs one index search and answers the rows found, nearest first. */
export type IndexSearch = (literal: string, filter?: MetadataFilter) => Promise<FoundRow[]>;

/**
 * The same index search straight on pg, as the services' role in a tenant transaction: the
 * tenant settings, the service's hnsw settings and its query text, pipelined in one round trip.
 * With `access`, the organization access look-up rides in the same round trip, and the rows are
 * answered only if it admits the caller.
 */
export function sqlIndexSearch(
  pool: pg.Pool,
  tenant: BenchTenant,
  model: BaselineModel,
  options: { topK: number; efSearch?: number; filtered: boolean; access?: AccessLookUp },
): IndexSearch {
  const text = indexSearchText(model, options.filtered);
  const efSearch = String(options.efSearch ?? DEFAULT_EF_SEARCH);
  const { access } = options;
  return async (literal, filter) => {
    const connection = await pool.connect();
    try {
      const begun = connection.query("begin");
      const tenantSettings = connection.query(
        "select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)",
        [tenant.userId, tenant.organizationId],
      );
      const admission = access && connection.query<OrganizationAccessRow>(access.text, [...access.values]);
      const scanSettings = connection.query(
        `select set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
                set_config('hnsw.max_scan_tuples', $2, true)`,
        [efSearch, String(MAX_SCAN_TUPLES)],
      );
      const search = connection.query<FoundRow>(text, [
        literal,
        tenant.organizationId,
        model.id,
        ...(filter ? [JSON.stringify(filter)] : []),
        literal,
        options.topK,
      ]);
      const committed = connection.query("commit");
      const [admitted, found] = await Promise.all([admission, search, begun, tenantSettings, scanSettings, committed]);
      if (access && admitted) access.admit(admitted.rows);
      return found.rows.map((row) => ({ id: row.id, distance: row.distance }));
    } finally {
      connection.release();
    }
  };
}

/** One lane per connection of `pool`, each running `sqlIndexSearch` with the case's query vectors. */
export function sqlLanes(
  pool: pg.Pool,
  tenant: BenchTenant,
  model: BaselineModel,
  rowOfId: ReadonlyMap<string, number>,
  searchCase: SearchCase,
  lanes: number,
): Lane<SearchAnswer>[] {
  formatQueries(searchCase);
  const search = sqlIndexSearch(pool, tenant, model, {
    topK: searchCase.topK,
    filtered: searchCase.filterOf !== undefined,
    ...(searchCase.efSearch !== undefined ? { efSearch: searchCase.efSearch } : {}),
  });
  const lane: Lane<SearchAnswer> = async (position) => {
    const found = await search(queryVector(searchCase, position).literal, searchCase.filterOf?.(position));
    return { rows: found.map((row) => baseRowOf(rowOfId, row.id)), strategy: "index" };
  };
  return Array.from({ length: lanes }, () => lane);
}

/**
 * Fails unless the service and the SQL baseline return the very same rows for the first `sample`
 * queries, so the baseline is known to do the service's work and no less.
 */
export async function checkSameAnswers(
  client: VectorClient,
  pool: pg.Pool,
  tenant: BenchTenant,
  model: BaselineModel,
  rowOfId: ReadonlyMap<string, number>,
  searchCase: SearchCase,
  sample: number,
): Promise<void> {
  const [service] = serviceLanes([client], model.id, rowOfId, searchCase);
  const [baseline] = sqlLanes(pool, tenant, model, rowOfId, searchCase, 1);
  for (let position = 0; position < Math.min(sample, searchCase.queryRows.length); position += 1) {
    const ours = await service!(position);
    const theirs = await baseline!(position);
    if (ours.strategy !== "index" || !isDeepStrictEqual(ours.rows, theirs.rows)) {
      throw new Error(
        `query ${position}: the service (${ours.strategy}) returned rows ${ours.rows.join(",")}, ` +
          `the SQL baseline ${theirs.rows.join(",")}; the baseline no longer does what the service does`,
      );
    }
  }
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function scansOf(node: PlanNode): string[] {
  const own = node["Index Name"]
    ? [`${node["Node Type"]} on ${node["Index Name"]}`]
    : node["Node Type"].includes("Scan")
      ? [node["Node Type"]]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** The scans Postgres plans for the service's index search of this tenant's rows (EXPLAIN, not run). */
export async function plannedScans(
  pool: pg.Pool,
  tenant: BenchTenant,
  model: BaselineModel,
  searchCase: SearchCase,
): Promise<string[]> {
  const { literal } = queryVector(searchCase, 0);
  const filter = searchCase.filterOf ? [JSON.stringify(searchCase.filterOf(0))] : [];
  const text = `explain (format json) ${indexSearchText(model, filter.length > 0)}`;
  const connection = await pool.connect();
  try {
    const [, , , explained] = await Promise.all([
      connection.query("begin"),
      connection.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
        tenant.userId,
        tenant.organizationId,
      ]),
      connection.query("select set_config('hnsw.iterative_scan', 'relaxed_order', true)"),
      connection.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(text, [
        literal,
        tenant.organizationId,
        model.id,
        ...filter,
        literal,
        searchCase.topK,
      ]),
      connection.query("rollback"),
    ]);
    return scansOf(explained.rows[0]!["QUERY PLAN"][0]!.Plan);
  } finally {
    connection.release();
  }
}
