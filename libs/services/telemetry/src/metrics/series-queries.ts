import type { MetricAggregate } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type RawBuilder, type Transaction } from "kysely";
import type { MetricSource } from "./metric-source";

/** One aggregated bucket of one group. */
export interface BucketRow {
  group: Record<string, string>;
  bucket: Date;
  value: number;
}

/** What to aggregate: one metric in [from, to), bucketed, grouped by dimensions, maybe filtered by them. */
export interface SeriesRequest {
  metric: string;
  from: Date;
  to: Date;
  bucketSeconds: number;
  /** The start of a row's bucket, from its `time`. */
  bucketStart: RawBuilder<Date>;
  aggregate: MetricAggregate;
  groupBy: readonly string[];
  where: Record<string, string> | undefined;
  /** Rows to read at most; a caller asking one more than it accepts learns the answer was too large. */
  limit: number;
}

// first and last compare [epoch, value] arrays: min/max keep one array per bucket, never every value.
const AGGREGATES: Record<MetricAggregate, RawBuilder<number>> = {
  avg: sql`avg(metric_value)`,
  min: sql`min(metric_value)`,
  max: sql`max(metric_value)`,
  sum: sql`sum(metric_value)`,
  count: sql`count(*)::float8`,
  first: sql`(min(array[extract(epoch from time)::float8, metric_value]))[2]`,
  last: sql`(max(array[extract(epoch from time)::float8, metric_value]))[2]`,
  p50: sql`percentile_cont(0.5) within group (order by metric_value)`,
  p90: sql`percentile_cont(0.9) within group (order by metric_value)`,
  p95: sql`percentile_cont(0.95) within group (order by metric_value)`,
  p99: sql`percentile_cont(0.99) within group (order by metric_value)`,
};

/** The group of a row with these dimensions: the groupBy keys' values; a dimension it lacks is left out. */
export function groupExpression(
  dimensions: RawBuilder<unknown>,
  keys: readonly string[],
): RawBuilder<Record<string, string>> {
  if (keys.length === 0) return sql`'{}'::jsonb`;
  const pairs = keys.map((key) => sql`${key}::text, ${dimensions} ->> ${key}::text`);
  return sql`jsonb_strip_nulls(jsonb_build_object(${sql.join(pairs)}))`;
}

/** The condition that keeps rows whose dimensions hold every value of `where`; nothing without one. */
export function dimensionsFilter(dimensions: RawBuilder<unknown>, where: SeriesRequest["where"]): RawBuilder<unknown> {
  return where ? sql`and ${dimensions} @> ${JSON.stringify(where)}::jsonb` : sql``;
}

/** The aggregate of each (group, bucket) that holds points, ordered by group, then time. */
export async function aggregateBuckets(
  trx: Transaction<Database>,
  source: MetricSource,
  request: SeriesRequest,
): Promise<BucketRow[]> {
  const { rows } = await sql<BucketRow>`
    select ${groupExpression(source.dimensions, request.groupBy)} as "group", ${request.bucketStart} as bucket,
      ${AGGREGATES[request.aggregate]} as value
    from ${source.table}
    where ${source.condition} and metric_name = ${request.metric}
      and time >= ${request.from} and time < ${request.to} ${dimensionsFilter(source.dimensions, request.where)}
    group by 1, 2
    order by 1, 2
    limit ${request.limit}
  `.execute(trx);
  return rows;
}
