import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { RowCountCache } from "./row-count-cache";

/** How a search finds its rows: the model's HNSW index, or a comparison with every row in scope. */
export type SearchStrategy = "index" | "exact";

/**
 * How many rows of `modelId` the organization holds, counted up to `upTo + 1` only: the
 * (organization_id, model_id) btree answers it without reading past that many entries.
 */
export async function countModelRowsUpTo(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
  upTo: number,
): Promise<number> {
  const rows = trx
    .selectFrom("vector.embeddings")
    .select(sql<number>`1`.as("one"))
    .where("organization_id", "=", organizationId)
    .where("model_id", "=", modelId)
    .limit(upTo + 1);
  const row = await trx
    .selectFrom(rows.as("held"))
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Exact search when the caller asks for it, when the model has no usable index, or when the
 * organization's rows of the model are few enough that comparing all of them is both cheap and
 * exact (a small organization inside a big shared index would otherwise pay for everyone's rows).
 */
export async function chooseStrategy(
  trx: Transaction<Database>,
  options: {
    organizationId: string;
    modelId: string;
    exact: boolean;
    indexReady: boolean;
    exactMaxRows: number;
    rowCounts: RowCountCache;
  },
): Promise<SearchStrategy> {
  if (options.exact || !options.indexReady) return "exact";
  const { organizationId, modelId, exactMaxRows } = options;
  const held = await options.rowCounts.held(organizationId, modelId, () =>
    countModelRowsUpTo(trx, organizationId, modelId, exactMaxRows),
  );
  return held <= exactMaxRows ? "exact" : "index";
}
