import { describe, expect, it } from "vitest";
import { FLOOR_POINTS_PER_SECOND, ingestFigures } from "./ingest-figures";
import { ingestBenchSettings } from "./ingest-settings";

const results = {
  pointsPerSecond: {
    COPY: 200_000,
    "COPY staged under RLS": 150_000,
    "typed client": 120_000,
    "line protocol": 90_000,
  },
  peakMegabytes: { COPY: [250], "COPY staged under RLS": [250], "typed client": [300, 320], "line protocol": [310] },
  idleMegabytes: 240,
  partitioning: "native",
};

describe("ingestFigures", () => {
  it("holds each write path to half of COPY and to the floor, and reports its peak memory", () => {
    const figures = ingestFigures(results, ingestBenchSettings({}));
    const typed = figures.filter((figure) => figure.ours === 120_000);
    expect(typed.map(({ baseline, target }) => ({ baseline, target }))).toEqual([
      { baseline: 200_000, target: 0.5 },
      { baseline: 150_000, target: undefined },
      { baseline: FLOOR_POINTS_PER_SECOND, target: 1 },
    ]);
    expect(figures.find((figure) => figure.unit === "MB")).toMatchObject({ ours: 320, baseline: 240 });
    expect(figures[0]!.name).toContain("1,000,000 points");
  });
});

describe("ingestBenchSettings", () => {
  it("defaults to a million points by four callers, and refuses a batch the procedure would refuse", () => {
    expect(ingestBenchSettings({})).toMatchObject({ BENCH_TELEMETRY_POINTS: 1_000_000, BENCH_TELEMETRY_CALLERS: 4 });
    expect(() => ingestBenchSettings({ BENCH_TELEMETRY_BATCH: "20000" })).toThrow(/BENCH_TELEMETRY_BATCH/);
  });
});
