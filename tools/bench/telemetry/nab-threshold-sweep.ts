import { detectionWeights, nabBounds, STANDARD_PROFILE, type CostProfile } from "./nab-scorer";
import { isScoredWindow, windowOfPoints, type DetectorRun } from "./nab-windows";

/** The scored points of a corpus, highest detector score first, each with its window and NAB weight. */
interface SweepPoints {
  scores: Float64Array;
  /** A corpus-wide window id, or -1 outside every window. */
  windows: Int32Array;
  weights: Float64Array;
  /** Windows that reach past the probationary period. */
  scoredWindows: number;
}

/** A threshold and the value an objective takes there. */
export interface BestThreshold {
  threshold: number;
  value: number;
}

function sweepPoints(runs: readonly DetectorRun[], profile: CostProfile): SweepPoints {
  const points: { score: number; window: number; weight: number }[] = [];
  let windowBase = 0;
  let scoredWindows = 0;
  for (const run of runs) {
    const length = run.scores.length;
    const weights = detectionWeights(length, run.windows, profile);
    const owners = windowOfPoints(length, run.windows);
    for (let index = 0; index < length; index += 1) {
      const score = run.scores[index]!;
      if (Number.isNaN(score) || Number.isNaN(weights[index]!)) continue;
      const owner = owners[index]!;
      points.push({ score, window: owner < 0 ? -1 : windowBase + owner, weight: weights[index]! });
    }
    windowBase += run.windows.length;
    scoredWindows += run.windows.filter((window) => isScoredWindow(window, length)).length;
  }
  points.sort((left, right) => right.score - left.score);
  return {
    scores: Float64Array.from(points, (point) => point.score),
    windows: Int32Array.from(points, (point) => point.window),
    weights: Float64Array.from(points, (point) => point.weight),
    scoredWindows,
  };
}

/**
 * Lowers the threshold from above every score to the lowest one, adding each point as it becomes
 * a detection and evaluating the objective once all points of one score are in; the best value
 * wins, the highest threshold on a tie. Infinity stands for flagging nothing.
 */
function sweep(points: SweepPoints, add: (point: number) => void, evaluate: () => number): BestThreshold {
  let best: BestThreshold = { threshold: Infinity, value: evaluate() };
  let point = 0;
  while (point < points.scores.length) {
    const threshold = points.scores[point]!;
    while (point < points.scores.length && points.scores[point] === threshold) add(point++);
    const value = evaluate();
    if (value > best.value) best = { threshold, value };
  }
  return best;
}

/** The threshold with the highest raw NAB score over the corpus, as NAB's optimiser picks it. */
export function bestNabThreshold(runs: readonly DetectorRun[], profile: CostProfile): BestThreshold {
  const points = sweepPoints(runs, profile);
  const windowBest = new Float64Array(runs.reduce((total, run) => total + run.windows.length, 0)).fill(Number.NaN);
  let total = nabBounds(runs, profile).none;
  const add = (point: number) => {
    const window = points.windows[point]!;
    const weight = points.weights[point]!;
    if (window < 0) total += weight;
    else if (Number.isNaN(windowBest[window]!)) {
      total += weight + profile.falseNegative;
      windowBest[window] = weight;
    } else if (weight > windowBest[window]!) {
      total += weight - windowBest[window]!;
      windowBest[window] = weight;
    }
  };
  return sweep(points, add, () => total);
}

/** The threshold with the highest window-level F1 over the corpus (see nab-window-matching.ts). */
export function bestF1Threshold(runs: readonly DetectorRun[]): BestThreshold {
  // The weights go unused: F1 counts windows and false positives alike wherever they fall.
  const points = sweepPoints(runs, STANDARD_PROFILE);
  const detected = new Uint8Array(runs.reduce((total, run) => total + run.windows.length, 0));
  let windowsFound = 0;
  let falsePositives = 0;
  const add = (point: number) => {
    const window = points.windows[point]!;
    if (window < 0) falsePositives += 1;
    else if (!detected[window]) {
      detected[window] = 1;
      windowsFound += 1;
    }
  };
  const f1 = () =>
    windowsFound === 0
      ? 0
      : (2 * windowsFound) / (2 * windowsFound + falsePositives + (points.scoredWindows - windowsFound));
  return sweep(points, add, f1);
}
