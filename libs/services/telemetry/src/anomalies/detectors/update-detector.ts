import type { AnomalyDetectorRecord, UpdateAnomalyDetectorInput } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Updateable } from "kysely";
import type { AnomaliesWriter } from "../anomalies-caller";
import { detectorBucketSeconds } from "./detector-bucket";
import { resolveDetectorSettings, storedParameters } from "./detector-parameters";
import { isDetectorNameTaken, lockDetector } from "./detector-queries";
import { DETECTOR_NOT_FOUND, detectorNameTaken } from "./detector-refusals";
import { readDetectorRow, toDetectorRecord, type StoredDetector } from "./stored-detector";

type DetectorChanges = Updateable<Database["timeseries.anomaly_detectors"]>;

// Parameters replace the stored ones as a whole; a new method starts from its own defaults.
function settingsChanges(current: StoredDetector, input: UpdateAnomalyDetectorInput): DetectorChanges {
  if (input.method === undefined && input.parameters === undefined) return {};
  const method = input.method ?? current.settings.method;
  const parameters = input.parameters ?? (method === current.settings.method ? storedParameters(current.settings) : {});
  const settings = resolveDetectorSettings(method, parameters);
  return { method: settings.method, parameters: JSON.stringify(storedParameters(settings)) };
}

function seriesChanges(input: UpdateAnomalyDetectorInput): DetectorChanges {
  return {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.kind !== undefined && { metric_kind: input.kind }),
    ...(input.metric !== undefined && { metric_name: input.metric }),
    ...(input.where !== undefined && { where_dimensions: JSON.stringify(input.where) }),
    ...(input.aggregate !== undefined && { aggregate: input.aggregate }),
    ...(input.bucket !== undefined && { bucket_seconds: detectorBucketSeconds(input.bucket) }),
    ...(input.raiseAlerts !== undefined && { raise_alerts: input.raiseAlerts }),
    ...(input.alertSeverity !== undefined && { alert_severity: input.alertSeverity }),
    ...(input.enabled !== undefined && { enabled: input.enabled }),
  };
}

/**
 * Changes some of a detector's settings. Its checked_until stays, so buckets judged before the
 * change are never judged (nor recorded) again.
 */
export async function updateDetector(
  caller: AnomaliesWriter,
  input: UpdateAnomalyDetectorInput,
): Promise<AnomalyDetectorRecord> {
  const { organizationId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      const row = requireFound(await lockDetector(trx, organizationId, input.id), DETECTOR_NOT_FOUND);
      const changes = { ...seriesChanges(input), ...settingsChanges(readDetectorRow(row), input) };
      const updated = await trx
        .updateTable("timeseries.anomaly_detectors")
        .set(changes)
        .where("organization_id", "=", organizationId)
        .where("id", "=", input.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "anomaly_detector.updated",
        target: { type: "anomaly_detector", id: input.id },
        metadata: { changedFields: Object.keys(input).filter((key) => key !== "id") },
        events: [],
      });
      return toDetectorRecord(readDetectorRow(updated));
    });
  } catch (error) {
    if (input.name !== undefined && isDetectorNameTaken(error)) throw detectorNameTaken(input.name);
    throw error;
  }
}
