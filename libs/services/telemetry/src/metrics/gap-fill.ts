import type { GapFill } from "@cauldron/contracts";

/** One bucket of a series: its start in milliseconds since the epoch and its value. */
export interface SeriesPoint {
  time: number;
  value: number | null;
}

/** A bucket that has a value. */
export interface ValuedPoint {
  time: number;
  value: number;
}

function interpolate(before: ValuedPoint | undefined, after: ValuedPoint | undefined, time: number): number | null {
  if (!before || !after) return null;
  return before.value + ((after.value - before.value) * (time - before.time)) / (after.time - before.time);
}

/**
 * Lays a series with values in some buckets onto every bucket of `grid`: `none` keeps only the
 * buckets with values; `null` shows the others as null; `previous` repeats the last value before
 * (null before the first); `linear` draws a straight line between the neighbours on either side
 * (null outside the first and last value). `points` are in time order and their times on the grid.
 */
export function fillGaps(points: readonly ValuedPoint[], grid: readonly number[], fill: GapFill): SeriesPoint[] {
  if (fill === "none") return points.map((point) => ({ ...point }));
  const byTime = new Map(points.map((point) => [point.time, point]));
  let next = 0;
  let previous: ValuedPoint | undefined;
  return grid.map((time) => {
    while (next < points.length && points[next]!.time <= time) previous = points[next++];
    const own = byTime.get(time);
    if (own) return { time, value: own.value };
    if (fill === "null") return { time, value: null };
    if (fill === "previous") return { time, value: previous?.value ?? null };
    return { time, value: interpolate(previous, points[next], time) };
  });
}
