import { prefixPattern, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { MetricSource } from "./metric-source";

/** A half-open time range, [from, to). */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** A dimension key with some of its values; `truncated` when there are more. */
export interface DimensionValues {
  key: string;
  values: string[];
  truncated: boolean;
}

/** Most dimension keys and values per key listed, and how many of the latest points they are read from. */
export const MAX_LISTED_KEYS = 100;
export const MAX_LISTED_VALUES = 100;
export const DIMENSION_SAMPLE_POINTS = 10_000;

/** Metric names in the range with their point counts, by name; up to `limit` of them. */
export async function metricPointCounts(
  trx: Transaction<Database>,
  source: MetricSource,
  range: TimeRange,
  prefix: string | undefined,
  limit: number,
): Promise<{ name: string; points: number }[]> {
  const named = prefix ? sql`and metric_name like ${prefixPattern(prefix)}` : sql``;
  const { rows } = await sql<{ name: string; points: number }>`
    select metric_name as name, count(*)::int as points
    from ${source.table}
    where ${source.condition} and time >= ${range.from} and time < ${range.to} ${named}
    group by metric_name
    order by metric_name
    limit ${limit}
  `.execute(trx);
  return rows;
}

/**
 * The dimension keys of one metric and their distinct values, read from its latest points in the
 * range (a bounded sample, so a long range costs no more than a short one); one more key and value
 * than listed are read, to tell whether there are more.
 */
export async function metricDimensionValues(
  trx: Transaction<Database>,
  source: MetricSource,
  metric: string,
  range: TimeRange,
): Promise<{ keys: DimensionValues[]; truncated: boolean }> {
  const { rows } = await sql<{ key: string; values: string[] }>`
    with latest as (
      select ${source.dimensions} as dimensions
      from ${source.table}
      where ${source.condition} and metric_name = ${metric} and time >= ${range.from} and time < ${range.to}
      order by time desc
      limit ${DIMENSION_SAMPLE_POINTS}
    ),
    pairs as (select distinct entry.key, entry.value from latest, jsonb_each_text(latest.dimensions) as entry)
    select key, (array_agg(value order by value))[1:${MAX_LISTED_VALUES + 1}] as values
    from pairs
    group by key
    order by key
    limit ${MAX_LISTED_KEYS + 1}
  `.execute(trx);
  return {
    keys: rows.slice(0, MAX_LISTED_KEYS).map((row) => ({
      key: row.key,
      values: row.values.slice(0, MAX_LISTED_VALUES),
      truncated: row.values.length > MAX_LISTED_VALUES,
    })),
    truncated: rows.length > MAX_LISTED_KEYS,
  };
}
