import type { MetricAggregate } from "@cauldron/contracts";
import type { AnomalyMethod } from "../detection";
import { fillGaps, type ValuedPoint } from "../../metrics/gap-fill";

/** One bucket as a detector is fed it; `measured` is false for a value drawn in across a gap. */
export interface FedBucket {
  time: number;
  value: number;
  measured: boolean;
}

// An empty bucket of a sum or a count is a true zero: nothing happened then.
const ZERO_WHEN_EMPTY: ReadonlySet<MetricAggregate> = new Set(["sum", "count"]);

/**
 * The buckets of `grid` a detector is fed, oldest first, from those holding points. Sums and counts
 * read empty buckets after their first point as 0, so a drop to nothing is judged like any value.
 * Other aggregates have no value there: the rolling MAD skips them, while the seasonal method
 * learns a straight line across each gap (judging none of it) so every season keeps its length.
 */
export function detectorFeed(
  points: readonly ValuedPoint[],
  grid: readonly number[],
  aggregate: MetricAggregate,
  method: AnomalyMethod,
): FedBucket[] {
  const first = points[0];
  if (first === undefined) return [];
  if (ZERO_WHEN_EMPTY.has(aggregate)) {
    const byTime = new Map(points.map((point) => [point.time, point.value]));
    return grid
      .filter((time) => time >= first.time)
      .map((time) => ({ time, value: byTime.get(time) ?? 0, measured: true }));
  }
  if (method === "mad") return points.map((point) => ({ ...point, measured: true }));
  const measured = new Set(points.map((point) => point.time));
  return fillGaps(points, grid, "linear").flatMap((point) =>
    point.value === null ? [] : [{ time: point.time, value: point.value, measured: measured.has(point.time) }],
  );
}
