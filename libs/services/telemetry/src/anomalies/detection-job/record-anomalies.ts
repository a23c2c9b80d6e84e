import type { Database } from "@cauldron/db";
import { publishEvent } from "@cauldron/events";
import type { Transaction } from "kysely";
import { raiseAlert } from "../../alerts/raise-alert";
import type { StoredDetector } from "../detectors/stored-detector";
import type { FoundAnomaly } from "./judge-series";

const shown = (value: number) => String(Number(value.toPrecision(6)));

function alertDescription(anomaly: FoundAnomaly): string {
  const change = anomaly.deviationPercent === null ? "" : ` (${shown(anomaly.deviationPercent)}%)`;
  return (
    `${shown(anomaly.actual)} in the bucket from ${anomaly.time.toISOString()} where ${shown(anomaly.expected)} ` +
    `was expected${change}, ${shown(anomaly.score)} robust deviations off`
  );
}

/**
 * Writes a detector's anomalies, publishes `anomaly.detected` for each and, when the detector
 * raises alerts, opens one for each anomaly that starts an episode; all in the caller's transaction.
 */
export async function recordAnomalies(
  trx: Transaction<Database>,
  detector: StoredDetector,
  found: readonly FoundAnomaly[],
): Promise<void> {
  if (found.length === 0) return;
  const method = detector.settings.method;
  await trx
    .insertInto("timeseries.anomalies")
    .values(
      found.map((anomaly) => ({
        time: anomaly.time,
        organization_id: detector.organizationId,
        metric_name: detector.metric,
        expected_value: anomaly.expected,
        actual_value: anomaly.actual,
        deviation_percent: anomaly.deviationPercent,
        severity: anomaly.severity,
        details: JSON.stringify({ score: anomaly.score, method, detectorId: detector.id }),
        detector_id: detector.id,
      })),
    )
    .execute();
  for (const anomaly of found) {
    await publishEvent(
      trx,
      "anomaly.detected",
      {
        detectorId: detector.id,
        organizationId: detector.organizationId,
        metricName: detector.metric,
        time: anomaly.time.toISOString(),
        actualValue: anomaly.actual,
        expectedValue: anomaly.expected,
        severity: anomaly.severity,
      },
      { aggregate: { type: "anomaly_detector", id: detector.id } },
    );
    if (!detector.raiseAlerts || !anomaly.opensEpisode) continue;
    await raiseAlert(trx, {
      organizationId: detector.organizationId,
      alertType: "anomaly",
      source: `detector:${detector.id}`,
      severity: detector.alertSeverity,
      title: `${detector.name}: anomaly in ${detector.metric}`,
      description: alertDescription(anomaly),
      labels: { detector: detector.name, metric: detector.metric },
      details: {
        detectorId: detector.id,
        method,
        bucketStart: anomaly.time.toISOString(),
        actualValue: anomaly.actual,
        expectedValue: anomaly.expected,
        deviationPercent: anomaly.deviationPercent,
        score: anomaly.score,
      },
    });
  }
}
