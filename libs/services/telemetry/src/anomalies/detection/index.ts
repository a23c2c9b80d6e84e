export { createAnomalyDetector, detectAnomalies, type SeriesPoint } from "./anomaly-detector";
export { createEpisodeTracker, type EpisodeTracker } from "./anomaly-episodes";
export type { AnomalyDetector, AnomalyObservation } from "./anomaly-observation";
export {
  ANOMALY_METHODS,
  anomalyDetectorSettingsSchema,
  madDetectorSettingsSchema,
  MAX_DETECTOR_WINDOW,
  seasonalMadDetectorSettingsSchema,
  type AnomalyDetectorSettings,
  type AnomalyDetectorSettingsInput,
  type AnomalyMethod,
  type MadDetectorSettings,
  type SeasonalMadDetectorSettings,
} from "./detector-settings";
export { createMadDetector } from "./mad-detector";
export { detectSeasonLength } from "./season-length";
export { createSeasonalMadDetector } from "./seasonal-mad-detector";
