import { describe, expect, it } from "vitest";
import { BUCKET_ORIGIN, bucketGrid, bucketStartOf } from "./bucket-grid";

const MINUTE = 60_000;

describe("bucket grid", () => {
  it("aligns buckets to a Monday at midnight UTC, so weeks start on Mondays", () => {
    const week = 7 * 24 * 60 * MINUTE;
    const thursday = Date.parse("2026-01-01T15:00:00Z");
    expect(new Date(bucketStartOf(thursday, week)).toISOString()).toBe("2025-12-29T00:00:00.000Z");
    expect(bucketStartOf(BUCKET_ORIGIN.getTime(), week)).toBe(BUCKET_ORIGIN.getTime());
  });

  it("covers [from, to) from the bucket holding from, ends excluded", () => {
    const from = Date.parse("2026-01-01T10:30:00Z");
    const to = Date.parse("2026-01-01T13:00:00Z");
    expect(bucketGrid(from, to, 60 * MINUTE).map((start) => new Date(start).toISOString())).toEqual([
      "2026-01-01T10:00:00.000Z",
      "2026-01-01T11:00:00.000Z",
      "2026-01-01T12:00:00.000Z",
    ]);
  });

  it("places times before 1970 in the bucket that holds them", () => {
    expect(bucketStartOf(-1, MINUTE)).toBe(-MINUTE);
  });
});
