import { describe, expect, it } from "vitest";
import { fillGaps } from "./gap-fill";

const MINUTE = 60_000;
const grid = [0, 1, 2, 3, 4, 5].map((index) => index * MINUTE);
const values = (points: { value: number | null }[]) => points.map((point) => point.value);
// Values in buckets 1, 2 and 4 of six.
const sparse = [
  { time: 1 * MINUTE, value: 10 },
  { time: 2 * MINUTE, value: 20 },
  { time: 4 * MINUTE, value: 40 },
];

describe("gap filling", () => {
  it("none keeps only the buckets with values", () => {
    expect(fillGaps(sparse, grid, "none")).toEqual(sparse);
  });

  it("null shows every bucket, empty ones as null", () => {
    expect(values(fillGaps(sparse, grid, "null"))).toEqual([null, 10, 20, null, 40, null]);
    expect(fillGaps(sparse, grid, "null").map((point) => point.time)).toEqual(grid);
  });

  it("previous repeats the last value, null before the first", () => {
    expect(values(fillGaps(sparse, grid, "previous"))).toEqual([null, 10, 20, 20, 40, 40]);
  });

  it("linear draws a line between neighbours by time, null outside the first and last value", () => {
    expect(values(fillGaps(sparse, grid, "linear"))).toEqual([null, 10, 20, 30, 40, null]);
    const uneven = [
      { time: 0, value: 0 },
      { time: 4 * MINUTE, value: 8 },
    ];
    expect(values(fillGaps(uneven, grid, "linear"))).toEqual([0, 2, 4, 6, 8, null]);
  });

  it("fills an empty series with nulls", () => {
    expect(values(fillGaps([], grid, "linear"))).toEqual([null, null, null, null, null, null]);
    expect(fillGaps([], grid, "none")).toEqual([]);
  });
});
