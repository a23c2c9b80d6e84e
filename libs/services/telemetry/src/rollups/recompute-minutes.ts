import type { MetricKind } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type RawBuilder, type Transaction } from "kysely";
import { keysTable, spanOf, type RollupKey } from "./rollup-keys";
import { MINUTE_LEVEL } from "./rollup-levels";
import { deleteRollupRows } from "./rollup-rows";

// Where each kind's raw points live; agent rows keep their agent and name their dimensions `tags`.
const RAW_POINTS: Record<
  MetricKind,
  { table: RawBuilder<unknown>; agent: RawBuilder<unknown>; dimensions: RawBuilder<unknown> }
> = {
  business: { table: sql`timeseries.business_metrics`, agent: sql`null::uuid`, dimensions: sql`point.dimensions` },
  agent: { table: sql`timeseries.agent_metrics`, agent: sql`point.agent_id`, dimensions: sql`point.tags` },
};

/*
 * A lateral subquery per minute, so each reads its own few rows by index whatever the planner guesses
 * of the keys' count; the batch's span leaves other partitions out of the plan. first and last keep
 * the earliest and latest time, and the value the query's raw path picks there (the least of
 * equal-time values for first, the greatest for last), so they merge exactly.
 */
async function insertMinutesOf(trx: Transaction<Database>, kind: MetricKind, keys: readonly RollupKey[]) {
  if (keys.length === 0) return;
  const raw = RAW_POINTS[kind];
  const span = spanOf(keys.map((key) => key.start));
  await sql`
    insert into timeseries.metric_rollups_1m (time, organization_id, kind, agent_id, metric_name, dimensions,
      sample_count, value_sum, value_min, value_max, first_time, first_value, last_time, last_value)
    select taken.start, taken.organization_id, taken.kind, minute.*
    from ${keysTable(keys)}
    cross join lateral (
      select ${raw.agent}, point.metric_name, ${raw.dimensions}, count(*), sum(point.metric_value),
        min(point.metric_value), max(point.metric_value),
        min(point.time), (min(array[extract(epoch from point.time)::float8, point.metric_value]))[2],
        max(point.time), (max(array[extract(epoch from point.time)::float8, point.metric_value]))[2]
      from ${raw.table} as point
      where point.organization_id = taken.organization_id and point.metric_name = taken.metric_name
        and point.time >= taken.start and point.time < taken.start + interval '1 minute'
        and point.time >= ${span.first} and point.time < ${span.last}::timestamptz + interval '1 minute'
      group by 1, 2, 3
    ) as minute
  `.execute(trx);
}

/** Replaces the 1-minute rollups of the given minutes with aggregates of their raw points as they are now. */
export async function recomputeMinutes(trx: Transaction<Database>, keys: readonly RollupKey[]): Promise<void> {
  await deleteRollupRows(trx, MINUTE_LEVEL, keys);
  for (const kind of ["business", "agent"] as const) {
    await insertMinutesOf(
      trx,
      kind,
      keys.filter((key) => key.kind === kind),
    );
  }
}
