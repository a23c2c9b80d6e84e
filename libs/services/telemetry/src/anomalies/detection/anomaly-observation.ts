import type { AnomalyDetectorSettings } from "./detector-settings";

/** What a detector makes of one point of a series. */
export interface AnomalyObservation {
  time: Date;
  actual: number;
  /** The value the history expects here; null while the detector is still warming up. */
  expected: number | null;
  /** actual − expected. */
  deviation: number | null;
  /** The deviation as a percentage of |expected|; null when expected is null or 0. */
  deviationPercent: number | null;
  /** |deviation| in robust standard deviations of the history; null while warming up. */
  score: number | null;
  /** Whether score reached the detector's threshold; never while warming up. */
  isAnomaly: boolean;
  /** Whether this flag opens an anomaly episode (see `cooldown`): the moment to raise an alert. */
  opensEpisode: boolean;
}

/** A detector fed one point of a series at a time, oldest first, keeping only a bounded history. */
export interface AnomalyDetector {
  readonly settings: AnomalyDetectorSettings;
  /** The season in points the detector compares with; null when it has none (yet). */
  readonly seasonLength: number | null;
  observe(time: Date, value: number): AnomalyObservation;
}

/** An observation before the history is long enough to judge by: never flagged. */
export function warmingUp(time: Date, actual: number): AnomalyObservation {
  return {
    time,
    actual,
    expected: null,
    deviation: null,
    deviationPercent: null,
    score: null,
    isAnomaly: false,
    opensEpisode: false,
  };
}

/** An observation judged against an expected value and a score. */
export function judged(
  time: Date,
  actual: number,
  expected: number,
  score: number,
  threshold: number,
): AnomalyObservation {
  const deviation = actual - expected;
  return {
    time,
    actual,
    expected,
    deviation,
    deviationPercent: expected === 0 ? null : (100 * deviation) / Math.abs(expected),
    score,
    isAnomaly: score >= threshold,
    opensEpisode: false,
  };
}

/**
 * Refuses a point a detector cannot take: a value that is not finite would poison the history for
 * a whole window, and an invalid time could not be stored with an anomaly. Order is the caller's:
 * a detector judges points in the order it is fed them.
 */
export function requireUsablePoint(time: Date, value: number): void {
  if (Number.isNaN(time.getTime())) throw new RangeError("time is not a valid date");
  if (!Number.isFinite(value)) throw new RangeError(`value at ${time.toISOString()} is ${value}; it must be finite`);
}
