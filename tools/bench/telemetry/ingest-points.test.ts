import { METRIC_NAME_PATTERN } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { INGEST_BENCH_METRICS, ingestBenchPoints } from "./ingest-points";

const now = new Date("2026-12-02T12:00:00Z");
const DAY_MS = 86_400_000;

describe("ingestBenchPoints", () => {
  it("makes the same points on every call, so every path writes the same rows", () => {
    expect(ingestBenchPoints(1_000, now)).toEqual(ingestBenchPoints(1_000, now));
    expect(ingestBenchPoints(1_000, now, 7)).not.toEqual(ingestBenchPoints(1_000, now));
  });

  it("cycles through fifty measurement.field names the service accepts", () => {
    const points = ingestBenchPoints(1_000, now);
    expect(new Set(points.map((point) => point.metric))).toEqual(new Set(INGEST_BENCH_METRICS));
    expect(INGEST_BENCH_METRICS).toHaveLength(50);
    for (const metric of INGEST_BENCH_METRICS) {
      expect(metric).toMatch(METRIC_NAME_PATTERN);
      expect(metric.split(".")).toHaveLength(2);
    }
  });

  it("spreads the points in order over the day before now, clear of the present", () => {
    const points = ingestBenchPoints(10_000, now);
    const times = points.map((point) => point.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(now.getTime() - DAY_MS - 60_000);
    expect(times.at(-1)).toBeLessThanOrEqual(now.getTime() - 60_000);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(DAY_MS * 0.99);
  });

  it("gives each point two or three small dimensions and a value with at most three decimals", () => {
    const points = ingestBenchPoints(2_000, now);
    const sizes = new Set(points.map((point) => Object.keys(point.dimensions).length));
    expect(sizes).toEqual(new Set([2, 3]));
    for (const point of points) {
      expect(Object.keys(point.dimensions)).toEqual(expect.arrayContaining(["region", "plan"]));
      expect(Math.abs(point.value * 1_000 - Math.round(point.value * 1_000))).toBeLessThan(1e-6);
    }
  });
});
