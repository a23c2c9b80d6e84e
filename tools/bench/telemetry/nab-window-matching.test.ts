import { describe, expect, it } from "vitest";
import { rawNabScore, STANDARD_PROFILE } from "./nab-scorer";
import { bestF1Threshold, bestNabThreshold } from "./nab-threshold-sweep";
import { windowMatchAt } from "./nab-window-matching";
import type { DetectorRun } from "./nab-windows";

// 20 points, the first 3 unscored; windows over 6–8 and 12–14. Scores: a false alarm at 4 (0.95),
// the first window caught at 7 (0.9) and twice more inside it, a false alarm at 16 (0.5), the
// second window only at 0.2, and a flag in the probationary period that never counts.
function run(): DetectorRun {
  const scores = new Float64Array(20);
  Object.assign(scores, { 1: 0.99, 4: 0.95, 7: 0.9, 8: 0.9, 6: 0.3, 16: 0.5, 13: 0.2 });
  return {
    windows: [
      { first: 6, last: 8 },
      { first: 12, last: 14 },
    ],
    scores,
  };
}

describe("windowMatchAt", () => {
  it("counts a window once however many flags fall inside it, and every flag outside as a false positive", () => {
    expect(windowMatchAt([run()], 0.5)).toEqual({
      windows: 2,
      detectedWindows: 1,
      falsePositives: 2,
      precision: 1 / 3,
      recall: 1 / 2,
      f1: 0.4,
    });
  });

  it("leaves the probationary period out, and scores nothing flagged as 0", () => {
    expect(windowMatchAt([run()], 0.99)).toMatchObject({ detectedWindows: 0, falsePositives: 0, f1: 0 });
  });
});

/** A second series whose scores interleave without ties: 40 points, windows 12–17 and 30–33. */
function scattered(): DetectorRun {
  const scores = Float64Array.from({ length: 40 }, (_, index) => ((index * 37) % 41) / 41);
  return {
    windows: [
      { first: 12, last: 17 },
      { first: 30, last: 33 },
    ],
    scores,
  };
}

/** The best of `objective` over every distinct score as the threshold (and above them all), highest threshold on a tie. */
function bruteForce(runs: DetectorRun[], objective: (threshold: number) => number) {
  const thresholds = [Infinity, ...new Set(runs.flatMap((one) => Array.from(one.scores)))].sort((a, b) => b - a);
  return thresholds.reduce(
    (best, threshold) => (objective(threshold) > best.value ? { threshold, value: objective(threshold) } : best),
    { threshold: Infinity, value: objective(Infinity) },
  );
}

describe("threshold sweeps", () => {
  it("find the thresholds that evaluating every candidate directly would pick", () => {
    const runs = [run(), scattered()];
    const f1 = bestF1Threshold(runs);
    const directF1 = bruteForce(runs, (threshold) => windowMatchAt(runs, threshold).f1);
    expect(f1.threshold).toBe(directF1.threshold);
    expect(f1.value).toBeCloseTo(directF1.value);

    const nab = bestNabThreshold(runs, STANDARD_PROFILE);
    const directNab = bruteForce(runs, (threshold) => rawNabScore(runs, threshold, STANDARD_PROFILE));
    expect(nab.threshold).toBe(directNab.threshold);
    expect(nab.value).toBeCloseTo(directNab.value);
  });
});
