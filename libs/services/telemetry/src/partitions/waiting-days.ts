import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** The natively partitioned time-series tables (all partitioned by `time`), as the catalog names them. */
export const PARTITIONED_TIME_SERIES_TABLES = [
  "timeseries.agent_metrics",
  "timeseries.alerts",
  "timeseries.anomalies",
  "timeseries.business_metrics",
  "timeseries.events",
  "timeseries.forecasts",
  "timeseries.metric_rollups_1d",
  "timeseries.metric_rollups_1h",
  "timeseries.metric_rollups_1m",
  "timeseries.system_metrics",
  "timeseries.user_activity",
] as const satisfies readonly (keyof Database)[];

export type PartitionedTimeSeriesTable = (typeof PARTITIONED_TIME_SERIES_TABLES)[number];

export function isPartitionedTimeSeriesTable(name: string): name is PartitionedTimeSeriesTable {
  return (PARTITIONED_TIME_SERIES_TABLES as readonly string[]).includes(name);
}

const DAY_MS = 24 * 60 * 60 * 1000;
// timeseries.ensure_partitions names each daily partition <table>_pYYYYMMDD after its UTC day.
const PARTITION_DAY = /_p(\d{4})(\d{2})(\d{2})$/;

/** A stretch of time no daily partition covers; `from` absent means from the beginning of time. */
export interface UncoveredRange {
  from?: number;
  to: number;
}

/**
 * The time before `until` (a UTC midnight) that no daily partition covers, given the UTC midnights
 * the partitions start at: everything before the oldest one, and each day missing between it and
 * `until`. Rows written for those times wait in the table's default partition.
 */
export function uncoveredRanges(partitionDays: readonly number[], until: number): UncoveredRange[] {
  const covered = new Set(partitionDays);
  const oldest = Math.min(...partitionDays, until);
  const ranges: UncoveredRange[] = [{ to: oldest }];
  for (let day = oldest; day < until; day += DAY_MS) {
    if (!covered.has(day)) ranges.push({ from: day, to: day + DAY_MS });
  }
  return ranges;
}

async function partitionDaysOf(trx: Transaction<Database>, table: PartitionedTimeSeriesTable): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass
  `.execute(trx);
  return rows.flatMap(({ name }) => {
    const day = PARTITION_DAY.exec(name);
    return day ? [Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))] : [];
  });
}

/**
 * The UTC days before `until` that have rows waiting in the table's default partition: rows
 * written for a day long past (a backfill) or for a day the upkeep job missed. Each range is read
 * with its bounds as parameters, so Postgres prunes the scan to the default partition.
 */
export async function daysWaitingInDefault(
  trx: Transaction<Database>,
  table: PartitionedTimeSeriesTable,
  until: Date,
): Promise<Date[]> {
  const waiting = new Map<number, Date>();
  for (const range of uncoveredRanges(await partitionDaysOf(trx, table), until.getTime())) {
    // Every table in the list is partitioned by `time`; one table's type stands for all of them.
    const rows = await trx
      .selectFrom(table as "timeseries.business_metrics")
      .select(sql<Date>`date_trunc('day', time, 'UTC')`.as("day"))
      .distinct()
      .where("time", "<", new Date(range.to))
      .$if(range.from !== undefined, (query) => query.where("time", ">=", new Date(range.from ?? 0)))
      .execute();
    for (const { day } of rows) waiting.set(day.getTime(), day);
  }
  return [...waiting.values()].sort((a, b) => a.getTime() - b.getTime());
}
