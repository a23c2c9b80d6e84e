import type { MetricAggregate } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type RawBuilder, type Transaction } from "kysely";
import { BUCKET_ORIGIN } from "../metrics/bucket-grid";
import { metricSource, type MetricScope } from "../metrics/metric-source";
import {
  aggregateBuckets,
  dimensionsFilter,
  groupExpression,
  type BucketRow,
  type SeriesRequest,
} from "../metrics/series-queries";
import { ceilToLevel, floorToLevel, type RollupLevel } from "./rollup-levels";

/** The aggregates that merge exactly from partial ones; percentiles do not and always read raw points. */
export type MergeableAggregate = Exclude<MetricAggregate, "p50" | "p90" | "p95" | "p99">;

const MERGES: Record<MergeableAggregate, RawBuilder<number>> = {
  count: sql`sum(part_count)`,
  sum: sql`sum(part_sum)`,
  min: sql`min(part_min)`,
  max: sql`max(part_max)`,
  avg: sql`sum(part_sum) / sum(part_count)`,
  first: sql`(min(array[first_epoch, first_value]))[2]`,
  last: sql`(max(array[last_epoch, last_value]))[2]`,
};

/** Whether an aggregate can be answered from rollups. */
export function isMergeable(aggregate: MetricAggregate): aggregate is MergeableAggregate {
  return aggregate in MERGES;
}

// Partials of raw points in `range`, one per (group, bucket), in the columns rollup rows have.
function rawPartials(scope: MetricScope, request: SeriesRequest, range: RawBuilder<unknown>): RawBuilder<unknown> {
  const source = metricSource(scope);
  const earliest = sql`min(array[extract(epoch from time)::float8, metric_value])`;
  const latest = sql`max(array[extract(epoch from time)::float8, metric_value])`;
  return sql`
    select ${groupExpression(source.dimensions, request.groupBy)}, ${request.bucketStart}, count(*)::float8,
      sum(metric_value), min(metric_value), max(metric_value), (${earliest})[1], (${earliest})[2], (${latest})[1], (${latest})[2]
    from ${source.table}
    where ${source.condition} and metric_name = ${request.metric} and ${range}
      ${dimensionsFilter(source.dimensions, request.where)}
    group by 1, 2
  `;
}

function rollupPartials(scope: MetricScope, request: SeriesRequest, level: RollupLevel, range: RawBuilder<unknown>) {
  const agent = scope.agentId === undefined ? sql`` : sql`and agent_id = ${scope.agentId}::uuid`;
  return sql`
    select ${groupExpression(sql`dimensions`, request.groupBy)}, ${request.bucketStart}, sample_count::float8,
      value_sum, value_min, value_max, extract(epoch from first_time)::float8, first_value,
      extract(epoch from last_time)::float8, last_value
    from ${level.table}
    where organization_id = ${scope.organizationId}::uuid and kind = ${scope.kind} ${agent}
      and metric_name = ${request.metric} and ${range} ${dimensionsFilter(sql`dimensions`, request.where)}
  `;
}

/**
 * The same buckets aggregateBuckets answers, read from the level's rollups where they are settled and
 * from raw points elsewhere, in one statement (one snapshot of rollups, pending minutes and points).
 * Rollups cover whole level buckets inside [from, to) before the earliest pending minute of the
 * metric; partials of both kinds merge per (group, bucket).
 */
export async function aggregateBucketsWithRollups(
  trx: Transaction<Database>,
  scope: MetricScope,
  request: SeriesRequest & { aggregate: MergeableAggregate },
  level: RollupLevel,
): Promise<BucketRow[]> {
  const rollupFrom = ceilToLevel(request.from, level);
  const rollupTo = floorToLevel(request.to, level);
  if (rollupFrom >= rollupTo) return aggregateBuckets(trx, metricSource(scope), request);
  const until = sql`(select until from settled)`;
  const head = request.from < rollupFrom ? sql`time >= ${request.from} and time < ${rollupFrom}` : undefined;
  const parts = [
    rollupPartials(scope, request, level, sql`time >= ${rollupFrom} and time < ${rollupTo} and time < ${until}`),
    rawPartials(scope, request, sql`time >= ${request.from} and time >= ${until} and time < ${request.to}`),
    ...(head ? [rawPartials(scope, request, head)] : []),
  ];
  const { rows } = await sql<BucketRow>`
    with settled as (
      select greatest(${rollupFrom}::timestamptz, least(${rollupTo}::timestamptz, coalesce(
        date_bin(make_interval(secs => ${level.seconds}), min(minute), ${BUCKET_ORIGIN}::timestamptz),
        'infinity'::timestamptz))) as until
      from timeseries.rollup_pending
      where organization_id = ${scope.organizationId}::uuid and kind = ${scope.kind} and metric_name = ${request.metric}
    ),
    partials ("group", bucket, part_count, part_sum, part_min, part_max, first_epoch, first_value, last_epoch,
      last_value) as (${sql.join(parts, sql` union all `)})
    select "group", bucket, ${MERGES[request.aggregate]} as value
    from partials
    group by 1, 2
    order by 1, 2
    limit ${request.limit}
  `.execute(trx);
  return rows;
}
