import type { AnomalyDetectorRecord, CreateAnomalyDetectorInput } from "@cauldron/contracts";
import type { AnomaliesWriter } from "../anomalies-caller";
import { detectorBucketSeconds } from "./detector-bucket";
import { resolveDetectorSettings, storedParameters } from "./detector-parameters";
import { isDetectorNameTaken } from "./detector-queries";
import { detectorNameTaken } from "./detector-refusals";
import { readDetectorRow, toDetectorRecord } from "./stored-detector";

/** Creates a detector on one metric series; names are unique per organization. */
export async function createDetector(
  caller: AnomaliesWriter,
  input: CreateAnomalyDetectorInput,
): Promise<AnomalyDetectorRecord> {
  const settings = resolveDetectorSettings(input.method, input.parameters);
  const bucketSeconds = detectorBucketSeconds(input.bucket);
  try {
    return await caller.tenant(async (trx) => {
      const row = await trx
        .insertInto("timeseries.anomaly_detectors")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          metric_kind: input.kind,
          metric_name: input.metric,
          where_dimensions: JSON.stringify(input.where),
          aggregate: input.aggregate,
          bucket_seconds: bucketSeconds,
          method: settings.method,
          parameters: JSON.stringify(storedParameters(settings)),
          raise_alerts: input.raiseAlerts,
          alert_severity: input.alertSeverity,
          enabled: input.enabled,
          created_by: caller.actorUserId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "anomaly_detector.created",
        target: { type: "anomaly_detector", id: row.id },
        metadata: { name: input.name, metric: input.metric, method: settings.method },
        events: [],
      });
      return toDetectorRecord(readDetectorRow(row));
    });
  } catch (error) {
    if (isDetectorNameTaken(error)) throw detectorNameTaken(input.name);
    throw error;
  }
}
