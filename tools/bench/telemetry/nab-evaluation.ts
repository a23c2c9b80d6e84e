import type { NabSeries } from "./nab-corpus";
import { runOverCorpus, type NabDetector } from "./nab-detector-runs";
import { bestEpisodeThresholds, onsetRun } from "./nab-episode-sweep";
import { nabBounds, normalizedNabScore, rawNabScore, STANDARD_PROFILE } from "./nab-scorer";
import { bestF1Threshold, bestNabThreshold } from "./nab-threshold-sweep";
import { windowMatchAt, type WindowMatch } from "./nab-window-matching";

/** A detector's figures at the thresholds that suit it best, each chosen over the whole corpus. */
export interface ThresholdedFigures {
  /** NAB standard-profile score, normalised (null detector 0, perfect 100), and its threshold. */
  nabScore: number;
  nabThreshold: number;
  /** Window matching at the threshold with the best F1. */
  match: WindowMatch;
  f1Threshold: number;
}

/** How one detector fares on NAB: counting every flag, and counting only the flags that open an episode. */
export interface DetectorEvaluation {
  name: string;
  everyFlag: ThresholdedFigures;
  episodes: ThresholdedFigures;
  /** Seconds spent scoring the corpus (not evaluating it). */
  seconds: number;
}

/** Runs a detector over the corpus and scores it both ways, thresholds chosen alike for every detector. */
export function evaluateDetector(
  detector: NabDetector,
  corpus: readonly NabSeries[],
  cooldown: number,
): DetectorEvaluation {
  const started = performance.now();
  const runs = runOverCorpus(detector, corpus);
  const seconds = (performance.now() - started) / 1000;
  const bounds = nabBounds(runs, STANDARD_PROFILE);

  const nab = bestNabThreshold(runs, STANDARD_PROFILE);
  const f1 = bestF1Threshold(runs);
  const everyFlag = {
    nabScore: normalizedNabScore(nab.value, bounds),
    nabThreshold: nab.threshold,
    match: windowMatchAt(runs, f1.threshold),
    f1Threshold: f1.threshold,
  };

  const best = bestEpisodeThresholds(runs, cooldown, STANDARD_PROFILE);
  const onsetsAt = (threshold: number) => runs.map((run) => onsetRun(run, threshold, cooldown));
  const rescored = rawNabScore(onsetsAt(best.nab.threshold), 1, STANDARD_PROFILE);
  // The candidate sweep and the direct scorer must agree on the score they found.
  if (Math.abs(rescored - best.nab.value) > 1e-6) {
    throw new Error(`${detector.name}: episode sweep found ${best.nab.value}, direct scoring gives ${rescored}`);
  }
  const episodes = {
    nabScore: normalizedNabScore(best.nab.value, bounds),
    nabThreshold: best.nab.threshold,
    match: windowMatchAt(onsetsAt(best.f1.threshold), 1),
    f1Threshold: best.f1.threshold,
  };
  return { name: detector.name, everyFlag, episodes, seconds };
}
