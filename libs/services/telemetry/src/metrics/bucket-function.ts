import type { Database } from "@cauldron/db";
import { sql, type Kysely, type RawBuilder } from "kysely";
import { BUCKET_ORIGIN } from "./bucket-grid";

/** How the time-series tables were made: TimescaleDB hypertables or native range partitions (migration 0007). */
export type PartitioningMode = "hypertable" | "native";

// The mode is fixed when the database is migrated, so each pool asks once.
const modes = new WeakMap<Kysely<Database>, Promise<PartitioningMode>>();

/** What timeseries.partitioning_mode() says of this database, asked once per pool. */
export function partitioningModeOf(db: Kysely<Database>): Promise<PartitioningMode> {
  let mode = modes.get(db);
  if (!mode) {
    mode = sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`
      .execute(db)
      .then(({ rows }) => (rows[0]?.mode === "hypertable" ? "hypertable" : "native"));
    mode.catch(() => modes.delete(db));
    modes.set(db, mode);
  }
  return mode;
}

/**
 * The start of the bucket of width `seconds` holding a row's `time`: time_bucket where TimescaleDB
 * made the tables (it knows to skip chunks by it), date_bin otherwise; both from the same origin.
 */
export function bucketStartExpression(mode: PartitioningMode, seconds: number): RawBuilder<Date> {
  const width = sql`make_interval(secs => ${seconds})`;
  return mode === "hypertable"
    ? sql<Date>`time_bucket(${width}, time, ${BUCKET_ORIGIN}::timestamptz)`
    : sql<Date>`date_bin(${width}, time, ${BUCKET_ORIGIN}::timestamptz)`;
}
