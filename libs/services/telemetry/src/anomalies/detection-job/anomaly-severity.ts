import type { AnomalySeverity } from "@cauldron/contracts";

/**
 * How bad an anomaly is, by how far its score passes the detector's threshold: at the threshold
 * `info`, from 1.5 times it `warning`, from twice it `error`, from four times it `critical`.
 */
export function anomalySeverity(score: number, threshold: number): AnomalySeverity {
  const ratio = score / threshold;
  if (ratio >= 4) return "critical";
  if (ratio >= 2) return "error";
  if (ratio >= 1.5) return "warning";
  return "info";
}
