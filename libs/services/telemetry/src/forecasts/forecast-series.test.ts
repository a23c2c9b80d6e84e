import { describe, expect, it } from "vitest";
import { seriesValues } from "./forecast-series";

const HOUR_MS = 3_600_000;
const buckets = (values: (number | null)[]) => values.map((value, hour) => ({ time: new Date(hour * HOUR_MS), value }));

describe("seriesValues", () => {
  it("starts at the first bucket with a value and ends at the last one for averages", () => {
    expect(seriesValues(buckets([null, 3, 4, 5, null, null]), "avg")).toEqual({
      values: [3, 4, 5],
      lastBucket: 3 * HOUR_MS,
    });
  });

  it("counts empty buckets of a sum or count as 0, up to the last bucket read", () => {
    expect(seriesValues(buckets([null, 2, null, 1, null]), "count")).toEqual({
      values: [2, 0, 1, 0],
      lastBucket: 4 * HOUR_MS,
    });
    expect(seriesValues(buckets([7, null]), "sum").values).toEqual([7, 0]);
  });

  it("finds nothing to fit in a series without values", () => {
    expect(seriesValues(buckets([null, null]), "max")).toEqual({ values: [], lastBucket: null });
    expect(seriesValues([], "sum")).toEqual({ values: [], lastBucket: null });
  });
});
