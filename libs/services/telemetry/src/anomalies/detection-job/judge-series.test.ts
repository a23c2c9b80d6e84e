import { describe, expect, it } from "vitest";
import { anomalyDetectorSettingsSchema } from "../detection";
import { noisySeries } from "../detection/series-test-fixtures";
import { anomalySeverity } from "./anomaly-severity";
import type { FedBucket } from "./detector-feed";
import { judgeSeries } from "./judge-series";

const settings = anomalyDetectorSettingsSchema.parse({ method: "mad", window: 20, threshold: 5, cooldown: 3 });

function feedOf(values: number[], unmeasured: ReadonlySet<number> = new Set()): FedBucket[] {
  return values.map((value, index) => ({ time: index * 60_000, value, measured: !unmeasured.has(index) }));
}

describe("judgeSeries", () => {
  it("answers the spikes from judgeFrom on, with expected and actual values, and learns from the buckets before", () => {
    const values = noisySeries(80, 11);
    values[10] = 200;
    values[50] = 200;
    values[70] = 10;
    const found = judgeSeries(settings, feedOf(values), 40 * 60_000);
    expect(found.map((anomaly) => anomaly.time.getTime() / 60_000)).toEqual([50, 70]);
    expect(found[0]).toMatchObject({ actual: 200, severity: "critical", opensEpisode: true });
    expect(found[0]!.expected).toBeCloseTo(100, -1);
    expect(found[1]!.deviationPercent).toBeCloseTo(-90, -1);
  });

  it("opens one episode for flags within the cooldown", () => {
    const values = noisySeries(40, 12);
    values[30] = 300;
    values[32] = 300;
    const found = judgeSeries(settings, feedOf(values), 0);
    expect(found.map((anomaly) => [anomaly.time.getTime() / 60_000, anomaly.opensEpisode])).toEqual([
      [30, true],
      [32, false],
    ]);
  });

  it("records nothing for a bucket drawn across a gap", () => {
    const values = noisySeries(40, 13);
    values[30] = 300;
    expect(judgeSeries(settings, feedOf(values, new Set([30])), 0)).toEqual([]);
  });
});

describe("anomalySeverity", () => {
  it.each([
    [5, "info"],
    [7.5, "warning"],
    [10, "error"],
    [20, "critical"],
  ] as const)("rates a score of %d against a threshold of 5 as %s", (score, severity) => {
    expect(anomalySeverity(score, 5)).toBe(severity);
  });
});
