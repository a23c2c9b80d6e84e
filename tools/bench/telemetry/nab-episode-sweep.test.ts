import { describe, expect, it } from "vitest";
import {
  anomalyDetectorSettingsSchema,
  createAnomalyDetector,
} from "../../../libs/services/telemetry/src/anomalies/detection";
import { bestEpisodeThresholds, episodeOnsets, onsetRun } from "./nab-episode-sweep";
import { rawNabScore, STANDARD_PROFILE } from "./nab-scorer";
import { windowMatchAt } from "./nab-window-matching";
import type { DetectorRun } from "./nab-windows";

describe("episodeOnsets", () => {
  it("keeps a flag only when it comes more than `cooldown` points after the last kept one", () => {
    const scores = Float64Array.from([0, 5, 5, 1, 5, 0, 0, 5, Number.NaN, 5]);
    expect(episodeOnsets(scores, 4, 0)).toEqual([1, 2, 4, 7, 9]);
    expect(episodeOnsets(scores, 4, 2)).toEqual([1, 4, 7]);
  });

  it("marks the same onsets as the service's detectors", () => {
    const values = Array.from({ length: 400 }, (_, index) => 10 + ((index * 7919) % 13) / 13);
    for (const index of [150, 152, 190, 260, 261, 262, 300]) values[index] = 40;
    const settings = anomalyDetectorSettingsSchema.parse({ method: "mad", window: 50, threshold: 5, cooldown: 20 });
    const detector = createAnomalyDetector(settings);
    const observations = values.map((value, index) => detector.observe(new Date(index * 60_000), value));
    const scores = Float64Array.from(observations, (one) => one.score ?? Number.NaN);
    const opened = observations.flatMap((one, index) => (one.opensEpisode ? [index] : []));
    expect(opened).toEqual([150, 190, 260, 300]);
    expect(episodeOnsets(scores, 5, 20)).toEqual(opened);
  });
});

describe("bestEpisodeThresholds", () => {
  it("scores its thresholds as the direct scorers score the onsets there", () => {
    const scores = Float64Array.from({ length: 60 }, (_, index) => ((index * 23) % 59) / 59);
    const runs: DetectorRun[] = [
      {
        windows: [
          { first: 20, last: 27 },
          { first: 44, last: 50 },
        ],
        scores,
      },
    ];
    const best = bestEpisodeThresholds(runs, 3, STANDARD_PROFILE);
    const onsetsAt = (threshold: number) => runs.map((one) => onsetRun(one, threshold, 3));
    expect(rawNabScore(onsetsAt(best.nab.threshold), 1, STANDARD_PROFILE)).toBeCloseTo(best.nab.value);
    expect(windowMatchAt(onsetsAt(best.f1.threshold), 1).f1).toBeCloseTo(best.f1.value);
    expect(best.f1.value).toBeGreaterThan(0);
  });
});
