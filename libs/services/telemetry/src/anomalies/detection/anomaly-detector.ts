import type { AnomalyDetector, AnomalyObservation } from "./anomaly-observation";
import type { AnomalyDetectorSettings } from "./detector-settings";
import { createMadDetector } from "./mad-detector";
import { createSeasonalMadDetector } from "./seasonal-mad-detector";

/** One point of a series as a detector takes it. */
export interface SeriesPoint {
  time: Date;
  value: number;
}

/** A fresh detector for parsed settings (see `anomalyDetectorSettingsSchema`). */
export function createAnomalyDetector(settings: AnomalyDetectorSettings): AnomalyDetector {
  switch (settings.method) {
    case "mad":
      return createMadDetector(settings);
    case "seasonal_mad":
      return createSeasonalMadDetector(settings);
  }
}

/** Runs a fresh detector over a whole series, in time order: one observation per point. */
export function detectAnomalies(
  points: readonly SeriesPoint[],
  settings: AnomalyDetectorSettings,
): AnomalyObservation[] {
  const detector = createAnomalyDetector(settings);
  return points.map((point) => detector.observe(point.time, point.value));
}
