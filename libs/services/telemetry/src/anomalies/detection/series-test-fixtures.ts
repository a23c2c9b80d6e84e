import { seededNormal } from "../../forecasting/synthetic-noise";
import type { AnomalyDetector, AnomalyObservation } from "./anomaly-observation";

const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** `length` values of `level + size·N(0, 1)` noise, the same every run for a seed. */
export function noisySeries(length: number, seed: number, level = 100, size = 2): number[] {
  const noise = seededNormal(seed);
  return Array.from({ length }, () => level + size * noise());
}

/** A cycle of `seasonLength` points between level − 10 and level + 10, with N(0, 1) noise. */
export function cyclingSeries(length: number, seasonLength: number, seed: number, level = 50): number[] {
  const noise = seededNormal(seed);
  return Array.from({ length }, (_, index) => level + 10 * Math.sin((2 * Math.PI * index) / seasonLength) + noise());
}

/** Feeds the values to the detector a minute apart and returns every observation. */
export function observeAll(detector: AnomalyDetector, values: readonly number[]): AnomalyObservation[] {
  return values.map((value, index) => detector.observe(new Date(START + index * MINUTE), value));
}

/** The indices of the flagged observations. */
export function flaggedIndices(observations: readonly AnomalyObservation[]): number[] {
  return observations.flatMap((observation, index) => (observation.isAnomaly ? [index] : []));
}
