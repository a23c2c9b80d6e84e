import { isScoredWindow, probationLength, windowOfPoints, type DetectorRun } from "./nab-windows";

/** How a detector's flags line up with the labelled windows. */
export interface WindowMatch {
  windows: number;
  detectedWindows: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Window-level matching of the flags at `threshold` (score ≥ threshold), on the points NAB scores
 * (after each file's probationary period): a window is detected when at least one flag falls
 * inside it, however many do; every flag outside all windows is one false positive. So precision
 * = detected windows / (detected windows + false positives), recall = detected windows / windows
 * (those reaching past the probationary period), and F1 their harmonic mean.
 */
export function windowMatchAt(runs: readonly DetectorRun[], threshold: number): WindowMatch {
  let windows = 0;
  let detectedWindows = 0;
  let falsePositives = 0;
  for (const run of runs) {
    const length = run.scores.length;
    const owners = windowOfPoints(length, run.windows);
    const detected = new Uint8Array(run.windows.length);
    for (let index = probationLength(length); index < length; index += 1) {
      if (!(run.scores[index]! >= threshold)) continue;
      const owner = owners[index]!;
      if (owner < 0) falsePositives += 1;
      else detected[owner] = 1;
    }
    run.windows.forEach((window, index) => {
      if (!isScoredWindow(window, length)) return;
      windows += 1;
      detectedWindows += detected[index]!;
    });
  }
  const precision = detectedWindows === 0 ? 0 : detectedWindows / (detectedWindows + falsePositives);
  const recall = windows === 0 ? 0 : detectedWindows / windows;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { windows, detectedWindows, falsePositives, precision, recall, f1 };
}
