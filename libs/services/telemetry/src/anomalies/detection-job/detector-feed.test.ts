import { describe, expect, it } from "vitest";
import { detectorFeed } from "./detector-feed";

// Buckets 0..5 (in bucket widths of 10); points in 1, 2 and 4.
const grid = [0, 10, 20, 30, 40, 50];
const points = [
  { time: 10, value: 4 },
  { time: 20, value: 6 },
  { time: 40, value: 10 },
];

describe("detectorFeed", () => {
  it("gives the rolling MAD only the buckets holding points", () => {
    expect(detectorFeed(points, grid, "avg", "mad")).toEqual(points.map((point) => ({ ...point, measured: true })));
  });

  it("reads empty buckets of sums and counts after the first point as 0, judged like any other", () => {
    for (const aggregate of ["sum", "count"] as const) {
      expect(detectorFeed(points, grid, aggregate, "mad").map((bucket) => [bucket.time, bucket.value])).toEqual([
        [10, 4],
        [20, 6],
        [30, 0],
        [40, 10],
        [50, 0],
      ]);
      expect(detectorFeed(points, grid, aggregate, "seasonal_mad").every((bucket) => bucket.measured)).toBe(true);
    }
  });

  it("draws the seasonal method a line across gaps, marked as not measured, so seasons keep their length", () => {
    expect(detectorFeed(points, grid, "p95", "seasonal_mad")).toEqual([
      { time: 10, value: 4, measured: true },
      { time: 20, value: 6, measured: true },
      { time: 30, value: 8, measured: false },
      { time: 40, value: 10, measured: true },
    ]);
  });

  it("feeds nothing from an empty series", () => {
    expect(detectorFeed([], grid, "count", "mad")).toEqual([]);
  });
});
