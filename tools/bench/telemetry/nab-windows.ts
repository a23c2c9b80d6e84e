/** A labelled anomaly window as the indices of its first and last point, both inside it. */
export interface IndexWindow {
  first: number;
  last: number;
}

/** A detector's scores over one labelled series; NaN where it gave none (warming up), which no threshold flags. */
export interface DetectorRun {
  windows: readonly IndexWindow[];
  scores: Float64Array;
}

/** NAB's probationary share: the start of each file, where detectors learn and nothing is scored. */
const PROBATION_SHARE = 0.15;
/** NAB caps the probationary period at 15% of 5,000 points. */
const PROBATION_CAP = PROBATION_SHARE * 5_000;

/** The number of leading points NAB leaves unscored in a file of `length` points. */
export function probationLength(length: number): number {
  return Math.min(Math.floor(PROBATION_SHARE * length), PROBATION_CAP);
}

/** Whether NAB scores a window at all: it must reach past the probationary period. */
export function isScoredWindow(window: IndexWindow, length: number): boolean {
  return window.last >= probationLength(length);
}

/** For each point, the index of the window holding it, or -1 outside every window. */
export function windowOfPoints(length: number, windows: readonly IndexWindow[]): Int32Array {
  const owner = new Int32Array(length).fill(-1);
  windows.forEach((window, index) => owner.fill(index, window.first, window.last + 1));
  return owner;
}
