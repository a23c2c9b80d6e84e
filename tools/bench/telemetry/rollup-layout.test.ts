import { describe, expect, it } from "vitest";
import { rollupLayout } from "./rollup-layout";
import { rollupBenchSettings } from "./rollup-settings";

const now = new Date("2026-12-02T17:42:10.500Z");

describe("rollupLayout", () => {
  it("spreads the issue's 10M rows over 20 metrics x 5 series and the 30 days before the current hour", () => {
    const layout = rollupLayout(rollupBenchSettings({}), now);
    expect(layout).toMatchObject({ rows: 10_000_000, series: 5, pointsPerSeries: 100_000, spacingMs: 25_920 });
    expect(layout.metrics).toHaveLength(20);
    expect(new Set(layout.metrics).size).toBe(20);
    expect(layout.to).toEqual(new Date("2026-12-02T17:00:00.000Z"));
    expect(layout.from).toEqual(new Date("2026-11-02T17:00:00.000Z"));
    const lastPoint = layout.from.getTime() + (layout.pointsPerSeries - 1) * layout.spacingMs;
    expect(lastPoint).toBeLessThan(layout.to.getTime());
  });

  it("rounds a row count that does not divide evenly down to whole series", () => {
    const settings = rollupBenchSettings({
      BENCH_ROLLUP_ROWS: "100001",
      BENCH_ROLLUP_METRICS: "3",
      BENCH_ROLLUP_DAYS: "1",
    });
    expect(rollupLayout(settings, now)).toMatchObject({ rows: 99_990, pointsPerSeries: 6_666, spacingMs: 12_961 });
  });

  it("refuses settings that are out of range, naming the variable", () => {
    expect(() => rollupBenchSettings({ BENCH_ROLLUP_ROWS: "5" })).toThrow(/BENCH_ROLLUP_ROWS/);
  });
});
