import type { AnomalySeverity } from "@cauldron/contracts";
import { createAnomalyDetector, type AnomalyDetectorSettings } from "../detection";
import { anomalySeverity } from "./anomaly-severity";
import type { FedBucket } from "./detector-feed";

/** A bucket a detector judged anomalous. */
export interface FoundAnomaly {
  time: Date;
  actual: number;
  expected: number;
  deviationPercent: number | null;
  score: number;
  severity: AnomalySeverity;
  /** Whether it starts an episode (see the detector's cooldown): the moment to raise an alert. */
  opensEpisode: boolean;
}

/**
 * Feeds a fresh detector every bucket in order and answers the anomalies among the measured
 * buckets from `judgeFrom` on; the buckets before it are its history.
 */
export function judgeSeries(
  settings: AnomalyDetectorSettings,
  feed: readonly FedBucket[],
  judgeFrom: number,
): FoundAnomaly[] {
  const detector = createAnomalyDetector(settings);
  const found: FoundAnomaly[] = [];
  for (const bucket of feed) {
    const observation = detector.observe(new Date(bucket.time), bucket.value);
    if (bucket.time < judgeFrom || !bucket.measured || !observation.isAnomaly) continue;
    if (observation.expected === null || observation.score === null) continue;
    found.push({
      time: observation.time,
      actual: observation.actual,
      expected: observation.expected,
      deviationPercent: observation.deviationPercent,
      score: observation.score,
      severity: anomalySeverity(observation.score, settings.threshold),
      opensEpisode: observation.opensEpisode,
    });
  }
  return found;
}
