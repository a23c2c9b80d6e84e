import type { MetricKind } from "@cauldron/contracts";
import { sql, type RawBuilder } from "kysely";
import { floorToLevel, type RollupLevel } from "./rollup-levels";

/** One bucket of one metric of one organization: what the rollup job recomputes as a unit. */
export interface RollupKey {
  organizationId: string;
  kind: MetricKind;
  metric: string;
  start: Date;
}

/** The distinct buckets of `level` that hold the given keys' starts. */
export function bucketsHolding(keys: readonly RollupKey[], level: RollupLevel): RollupKey[] {
  const buckets = new Map<string, RollupKey>();
  for (const key of keys) {
    const start = floorToLevel(key.start, level);
    const id = JSON.stringify([key.organizationId, key.kind, key.metric, start.getTime()]);
    if (!buckets.has(id)) buckets.set(id, { ...key, start });
  }
  return [...buckets.values()];
}

/** The keys as a table `taken(organization_id, kind, metric_name, start)`, one statement parameter per column. */
export function keysTable(keys: readonly RollupKey[]): RawBuilder<unknown> {
  return sql`unnest(${keys.map((key) => key.organizationId)}::uuid[], ${keys.map((key) => key.kind)}::text[],
    ${keys.map((key) => key.metric)}::text[], ${keys.map((key) => key.start)}::timestamptz[])
    as taken(organization_id, kind, metric_name, start)`;
}

/** The earliest and latest of some times, so statements can leave out partitions outside them. */
export function spanOf(times: readonly Date[]): { first: Date; last: Date } {
  let first = Infinity;
  let last = -Infinity;
  for (const time of times) {
    first = Math.min(first, time.getTime());
    last = Math.max(last, time.getTime());
  }
  return { first: new Date(first), last: new Date(last) };
}
