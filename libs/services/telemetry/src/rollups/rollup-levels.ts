import { sql, type RawBuilder } from "kysely";
import { bucketStartOf } from "../metrics/bucket-grid";

/** One rollup width and the table that holds its buckets. */
export interface RollupLevel {
  name: "1m" | "1h" | "1d";
  seconds: number;
  table: RawBuilder<unknown>;
}

export const MINUTE_LEVEL: RollupLevel = { name: "1m", seconds: 60, table: sql`timeseries.metric_rollups_1m` };
export const HOUR_LEVEL: RollupLevel = { name: "1h", seconds: 3_600, table: sql`timeseries.metric_rollups_1h` };
export const DAY_LEVEL: RollupLevel = { name: "1d", seconds: 86_400, table: sql`timeseries.metric_rollups_1d` };

const WIDEST_FIRST = [DAY_LEVEL, HOUR_LEVEL, MINUTE_LEVEL];

/**
 * The widest level whose width divides a query's bucket width, so every rollup bucket lies inside one
 * query bucket (both count from BUCKET_ORIGIN, a midnight UTC); undefined when none does.
 */
export function rollupLevelFor(bucketSeconds: number): RollupLevel | undefined {
  return WIDEST_FIRST.find((level) => bucketSeconds % level.seconds === 0);
}

/** The start of the level's bucket holding `time`. */
export function floorToLevel(time: Date, level: RollupLevel): Date {
  return new Date(bucketStartOf(time.getTime(), level.seconds * 1_000));
}

/** The first start of one of the level's buckets at or after `time`. */
export function ceilToLevel(time: Date, level: RollupLevel): Date {
  const floor = floorToLevel(time, level);
  return floor.getTime() === time.getTime() ? floor : new Date(floor.getTime() + level.seconds * 1_000);
}
