import { withSystem, type Database } from "@cauldron/db";
import { type Kysely, sql } from "kysely";

/**
 * Drops the chunks or daily partitions of one time-series table that end at or before now minus
 * its policy's keep_for, in a short system transaction of its own with statement and lock
 * timeouts, so a busy table makes retention wait a period rather than stall its writers. The
 * policy is read in the same transaction, so a policy changed to "forever" meanwhile drops
 * nothing. The drop itself is timeseries.drop_partitions_before, an owner's definer function:
 * whole partitions go, never single rows. Returns how many were dropped.
 */
export function dropExpiredPartitions(
  db: Kysely<Database>,
  table: string,
  options: { statementTimeoutMs: number; lockTimeoutMs: number },
): Promise<number> {
  return withSystem(db, async (trx) => {
    await sql`select set_config('statement_timeout', ${String(options.statementTimeoutMs)}, true)`.execute(trx);
    await sql`select set_config('lock_timeout', ${String(options.lockTimeoutMs)}, true)`.execute(trx);
    const { rows } = await sql<{ dropped: number }>`
      select timeseries.drop_partitions_before(to_regclass(format('timeseries.%I', policy.table_name)),
        now() - policy.keep_for) as dropped
      from timeseries.retention_policies policy
      where policy.table_name = ${table} and policy.keep_for is not null
    `.execute(trx);
    return rows[0]?.dropped ?? 0;
  });
}
