import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { keysTable, spanOf, type RollupKey } from "./rollup-keys";
import type { RollupLevel } from "./rollup-levels";

interface SeriesBuckets {
  organizationId: string;
  kind: string;
  metric: string;
  starts: Date[];
}

// The keys grouped by series (organization, kind, metric).
function seriesOf(keys: readonly RollupKey[]): SeriesBuckets[] {
  const series = new Map<string, SeriesBuckets>();
  for (const { organizationId, kind, metric, start } of keys) {
    const id = JSON.stringify([organizationId, kind, metric]);
    const one = series.get(id) ?? { organizationId, kind, metric, starts: [] };
    one.starts.push(start);
    series.set(id, one);
  }
  return [...series.values()];
}

/**
 * Deletes every row of the level's buckets named by the keys, whatever its agent and dimensions. One
 * statement per series, sent together: each finds its buckets through the key index by
 * `time = any(...)`, where one join of all keys would have the planner sort the whole span instead.
 */
export async function deleteRollupRows(
  trx: Transaction<Database>,
  level: RollupLevel,
  keys: readonly RollupKey[],
): Promise<void> {
  await Promise.all(
    seriesOf(keys).map((series) => {
      const span = spanOf(series.starts);
      return sql`
        delete from ${level.table}
        where organization_id = ${series.organizationId}::uuid and kind = ${series.kind}
          and metric_name = ${series.metric} and time = any(${series.starts}::timestamptz[])
          and time >= ${span.first} and time <= ${span.last}
      `.execute(trx);
    }),
  );
}

/**
 * Replaces the level's rows of the given buckets with merges of the finer level's rows inside them:
 * counts and sums add, extremes and first/last pick, per agent and dimensions (a lateral subquery per
 * bucket, so each reads its own rows by index).
 */
export async function recomputeLevel(
  trx: Transaction<Database>,
  level: RollupLevel,
  finer: RollupLevel,
  keys: readonly RollupKey[],
): Promise<void> {
  if (keys.length === 0) return;
  await deleteRollupRows(trx, level, keys);
  const span = spanOf(keys.map((key) => key.start));
  const width = sql`make_interval(secs => ${level.seconds})`;
  await sql`
    insert into ${level.table} (time, organization_id, kind, agent_id, metric_name, dimensions,
      sample_count, value_sum, value_min, value_max, first_time, first_value, last_time, last_value)
    select taken.start, taken.organization_id, taken.kind, merged.*
    from ${keysTable(keys)}
    cross join lateral (
      select part.agent_id, part.metric_name, part.dimensions,
        sum(part.sample_count)::bigint, sum(part.value_sum), min(part.value_min), max(part.value_max),
        min(part.first_time), (min(array[extract(epoch from part.first_time)::float8, part.first_value]))[2],
        max(part.last_time), (max(array[extract(epoch from part.last_time)::float8, part.last_value]))[2]
      from ${finer.table} as part
      where part.organization_id = taken.organization_id and part.kind = taken.kind
        and part.metric_name = taken.metric_name
        and part.time >= taken.start and part.time < taken.start + ${width}
        and part.time >= ${span.first} and part.time < ${span.last}::timestamptz + ${width}
      group by 1, 2, 3
    ) as merged
  `.execute(trx);
}
