import { isScoredWindow, probationLength, type DetectorRun, type IndexWindow } from "./nab-windows";

/** What a detection is worth: NAB's cost matrix (A_TP, A_FP, A_FN as positive sizes). */
export interface CostProfile {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

/** NAB's standard profile: A_TP = 1, A_FP = −0.11, A_FN = −1. */
export const STANDARD_PROFILE: CostProfile = { truePositive: 1, falsePositive: 0.11, falseNegative: 1 };

/**
 * NAB's scaled sigmoid of a position relative to a window's right edge: near 1 at the left edge
 * (position −1), 0 at the right edge, towards −1 past it, and −1 from 3 window widths on.
 */
export function scaledSigmoid(position: number): number {
  return position >= 3 ? -1 : 2 / (1 + Math.exp(5 * position)) - 1;
}

const EARLIEST = scaledSigmoid(-1);

/**
 * What flagging each point would add to the score, NaN inside the probationary period: inside a
 * window, A_TP times the sigmoid of how early the point is (1 at the window's first point); outside,
 * A_FP times the sigmoid of how far past the previous window it is (the full −A_FP before any window).
 */
export function detectionWeights(length: number, windows: readonly IndexWindow[], profile: CostProfile): Float64Array {
  const weights = new Float64Array(length).fill(Number.NaN);
  let next = 0;
  let previous: IndexWindow | undefined;
  for (let index = probationLength(length); index < length; index += 1) {
    while (next < windows.length && windows[next]!.last < index) previous = windows[next++];
    const window = windows[next];
    if (window !== undefined && window.first <= index) {
      const position = -(window.last - index + 1) / (window.last - window.first + 1);
      weights[index] = (profile.truePositive * scaledSigmoid(position)) / EARLIEST;
    } else if (previous === undefined || previous.last === previous.first) {
      weights[index] = -profile.falsePositive;
    } else {
      const position = (index - previous.last) / (previous.last - previous.first);
      weights[index] = profile.falsePositive * scaledSigmoid(position);
    }
  }
  return weights;
}

/** The score of flagging nothing (every window missed) and of catching every window at its first point. */
export function nabBounds(runs: readonly DetectorRun[], profile: CostProfile): { none: number; perfect: number } {
  const scored = runs.reduce(
    (total, run) => total + run.windows.filter((window) => isScoredWindow(window, run.scores.length)).length,
    0,
  );
  const all = runs.reduce((total, run) => total + run.windows.length, 0);
  return { none: -profile.falseNegative * scored, perfect: profile.truePositive * all };
}

/** A raw score on NAB's scale: 0 for flagging nothing, 100 for a perfect detector. */
export function normalizedNabScore(raw: number, bounds: { none: number; perfect: number }): number {
  return (100 * (raw - bounds.none)) / (bounds.perfect - bounds.none);
}

/**
 * NAB's raw score of the detections at `threshold` (score ≥ threshold) over a corpus: per window,
 * the weight of its first detection or −A_FN when it has none, plus the weight of every detection
 * outside the windows; points in the probationary period count for nothing.
 */
export function rawNabScore(runs: readonly DetectorRun[], threshold: number, profile: CostProfile): number {
  let total = 0;
  for (const run of runs) {
    const weights = detectionWeights(run.scores.length, run.windows, profile);
    const insideWindow = new Uint8Array(run.scores.length);
    for (const window of run.windows) {
      insideWindow.fill(1, window.first, window.last + 1);
      if (!isScoredWindow(window, run.scores.length)) continue;
      let first = window.first;
      while (first <= window.last && !(Number.isFinite(weights[first]!) && run.scores[first]! >= threshold)) first++;
      total += first > window.last ? -profile.falseNegative : weights[first]!;
    }
    run.scores.forEach((score, index) => {
      if (!insideWindow[index] && score >= threshold && Number.isFinite(weights[index]!)) total += weights[index]!;
    });
  }
  return total;
}
