import { packVector, type MetadataFilter } from "@cauldron/contracts";
import { rowLiteral, rowNumbers, rowOf, type VectorSet } from "./vector-set";

/** One kind of search asked of every query: the same settings for the service and the SQL baseline. */
export interface SearchCase {
  queries: VectorSet;
  /** The query set's row that query `position` searches with. */
  queryRows: readonly number[];
  topK: number;
  /** Absent: the service's default (VECTOR_DEFAULT_EF_SEARCH). */
  efSearch?: number;
  exact?: boolean;
  filterOf?: (position: number) => MetadataFilter;
}

/** What a search returned, as base row numbers. */
export interface SearchAnswer {
  rows: number[];
  /** How the service found them; the SQL baseline always walks the index. */
  strategy: "index" | "exact";
}

interface QueryVector {
  numbers: number[];
  /** Float32 in base64, as the typed client sends a vector packed with packVector. */
  packed: string;
  literal: string;
}

// Formatted once per query row, so the timed calls of every side do none of the benchmark's own work.
const formatted = new WeakMap<VectorSet, Map<number, QueryVector>>();

/** The query vector of `position` as numbers or packed (for the client), and as pgvector text (for SQL). */
export function queryVector(searchCase: SearchCase, position: number): QueryVector {
  const row = searchCase.queryRows[position]!;
  let rows = formatted.get(searchCase.queries);
  if (!rows) formatted.set(searchCase.queries, (rows = new Map()));
  let vector = rows.get(row);
  if (!vector) {
    vector = {
      numbers: rowNumbers(searchCase.queries, row),
      packed: packVector(rowOf(searchCase.queries, row)),
      literal: rowLiteral(searchCase.queries, row),
    };
    rows.set(row, vector);
  }
  return vector;
}

/** Maps embedding ids back to the base rows they were stored from. */
export function rowsOfIds(ids: readonly string[], rows: readonly number[]): Map<string, number> {
  return new Map(ids.map((id, position) => [id, rows[position]!]));
}

/** The base row an id stands for, failing loudly on an id the benchmark never stored (a leak across tenants). */
export function baseRowOf(rowOfId: ReadonlyMap<string, number>, id: string): number {
  const row = rowOfId.get(id);
  if (row === undefined) throw new Error(`search returned embedding ${id}, which this organization never stored`);
  return row;
}

/** Formats every query of the case ahead of the timed calls. */
export function formatQueries(searchCase: SearchCase): void {
  searchCase.queryRows.forEach((_, position) => queryVector(searchCase, position));
}
