import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { RetentionOverride } from "./retention-overrides";

/**
 * Writes the operator's overrides into timeseries.retention_policies where they differ from what
 * is stored (an equal interval, however written, is left alone); returns the tables changed. Run
 * as the system role: the policies are platform-wide.
 */
export async function applyRetentionOverrides(
  trx: Transaction<Database>,
  overrides: readonly RetentionOverride[],
): Promise<string[]> {
  const changed: string[] = [];
  for (const { table, keepFor } of overrides) {
    const { rows } = await sql<{ table_name: string }>`
      insert into timeseries.retention_policies as policy (table_name, keep_for)
      values (${table}, ${keepFor}::interval)
      on conflict (table_name) do update set keep_for = excluded.keep_for
        where policy.keep_for is distinct from excluded.keep_for
      returning policy.table_name
    `.execute(trx);
    changed.push(...rows.map((row) => row.table_name));
  }
  return changed;
}

/** The tables whose policy keeps rows for a limited time, in name order (system role). */
export async function listExpiringTables(trx: Transaction<Database>): Promise<string[]> {
  const rows = await trx
    .selectFrom("timeseries.retention_policies")
    .select("table_name")
    .where("keep_for", "is not", null)
    .orderBy("table_name")
    .execute();
  return rows.map((row) => row.table_name);
}
