import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/**
 * Sets the similarity the pg_trgm `%` operator requires, for this transaction only: set_limit()
 * would change it for the whole pooled connection and leak into the next request's queries.
 */
export async function useTrigramThreshold(trx: Transaction<Database>, threshold: number): Promise<void> {
  await sql`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`.execute(trx);
}
