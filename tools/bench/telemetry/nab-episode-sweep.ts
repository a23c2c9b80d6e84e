import { detectionWeights, nabBounds, type CostProfile } from "./nab-scorer";
import type { BestThreshold } from "./nab-threshold-sweep";
import { isScoredWindow, windowOfPoints, type DetectorRun } from "./nab-windows";

/** Thresholds tried per detector, log-spaced in rank so that each of the top few hundred scores is tried. */
const CANDIDATES = 3_000;
/** The share of a corpus' highest scores the candidates reach down to. */
const TAIL_SHARE = 0.2;

/** A series' points scoring at or above the lowest candidate, in series order, with their NAB weight and window. */
interface RunTail {
  indices: Int32Array;
  scores: Float64Array;
  weights: Float64Array;
  owners: Int32Array;
  seen: Uint8Array;
}

/** The flags at `threshold` that open an episode: those more than `cooldown` points after the last opening, as the service's detectors mark them. */
export function episodeOnsets(scores: Float64Array, threshold: number, cooldown: number): number[] {
  const onsets: number[] = [];
  let opened = -Infinity;
  scores.forEach((score, index) => {
    if (score >= threshold && index - opened > cooldown) {
      onsets.push(index);
      opened = index;
    }
  });
  return onsets;
}

/** The run as its episode onsets alone: score 1 at each onset, NaN elsewhere (so threshold 1 flags exactly the onsets). */
export function onsetRun(run: DetectorRun, threshold: number, cooldown: number): DetectorRun {
  const scores = new Float64Array(run.scores.length).fill(Number.NaN);
  for (const onset of episodeOnsets(run.scores, threshold, cooldown)) scores[onset] = 1;
  return { windows: run.windows, scores };
}

function candidateThresholds(runs: readonly DetectorRun[]): number[] {
  const scores = Float64Array.from(
    runs.flatMap((run) => Array.from(run.scores).filter((score) => !Number.isNaN(score))),
  );
  scores.sort().reverse();
  const deepest = Math.max(1, Math.floor(scores.length * TAIL_SHARE));
  const ranks = Array.from({ length: CANDIDATES }, (_, step) => Math.round(deepest ** (step / (CANDIDATES - 1))) - 1);
  return [...new Set(ranks.map((rank) => scores[rank]!))];
}

function runTail(run: DetectorRun, lowest: number, profile: CostProfile): RunTail {
  const indices: number[] = [];
  run.scores.forEach((score, index) => {
    if (score >= lowest) indices.push(index);
  });
  const weights = detectionWeights(run.scores.length, run.windows, profile);
  const owners = windowOfPoints(run.scores.length, run.windows);
  return {
    indices: Int32Array.from(indices),
    scores: Float64Array.from(indices, (index) => run.scores[index]!),
    weights: Float64Array.from(indices, (index) => weights[index]!),
    owners: Int32Array.from(indices, (index) => owners[index]!),
    seen: new Uint8Array(run.windows.length),
  };
}

/**
 * The thresholds with the best NAB score and the best window F1 when only episode onsets count
 * as detections (see nab-window-matching.ts for F1). Onsets depend on the threshold, so unlike
 * NAB's sweep over every score this tries a dense set of candidates, the same way for every detector.
 */
export function bestEpisodeThresholds(
  runs: readonly DetectorRun[],
  cooldown: number,
  profile: CostProfile,
): { nab: BestThreshold; f1: BestThreshold } {
  const candidates = candidateThresholds(runs);
  const tails = runs.map((run) => runTail(run, candidates.at(-1) ?? Infinity, profile));
  const none = nabBounds(runs, profile).none;
  const scoredWindows = runs.reduce(
    (total, run) => total + run.windows.filter((window) => isScoredWindow(window, run.scores.length)).length,
    0,
  );
  let nab: BestThreshold = { threshold: Infinity, value: none };
  let f1: BestThreshold = { threshold: Infinity, value: 0 };
  for (const threshold of candidates) {
    let total = none;
    let found = 0;
    let falsePositives = 0;
    for (const tail of tails) {
      tail.seen.fill(0);
      let opened = -Infinity;
      for (let position = 0; position < tail.indices.length; position += 1) {
        const index = tail.indices[position]!;
        if (tail.scores[position]! < threshold || index - opened <= cooldown) continue;
        opened = index;
        const weight = tail.weights[position]!;
        const owner = tail.owners[position]!;
        if (Number.isNaN(weight)) continue;
        if (owner < 0) {
          total += weight;
          falsePositives += 1;
        } else if (!tail.seen[owner]) {
          tail.seen[owner] = 1;
          total += weight + profile.falseNegative;
          found += 1;
        }
      }
    }
    if (total > nab.value) nab = { threshold, value: total };
    const windowF1 = found === 0 ? 0 : (2 * found) / (2 * found + falsePositives + (scoredWindows - found));
    if (windowF1 > f1.value) f1 = { threshold, value: windowF1 };
  }
  return { nab, f1 };
}
