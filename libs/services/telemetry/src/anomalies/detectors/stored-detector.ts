import {
  anomalySeveritySchema,
  metricAggregateSchema,
  metricKindSchema,
  type AnomalyDetectorRecord,
  type AnomalySeverity,
  type MetricAggregate,
  type MetricKind,
} from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Selectable } from "kysely";
import { z } from "zod";
import { anomalyDetectorSettingsSchema, type AnomalyDetectorSettings } from "../detection";
import { storedParameters } from "./detector-parameters";

/** A row of timeseries.anomaly_detectors as selected. */
export type DetectorRow = Selectable<Database["timeseries.anomaly_detectors"]>;

/** A detector with its stored settings read back into their types. */
export interface StoredDetector {
  id: string;
  organizationId: string;
  name: string;
  kind: MetricKind;
  metric: string;
  where: Record<string, string>;
  aggregate: MetricAggregate;
  bucketSeconds: number;
  settings: AnomalyDetectorSettings;
  raiseAlerts: boolean;
  alertSeverity: AnomalySeverity;
  enabled: boolean;
  checkedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// The columns the database leaves as text and JSON, checked as they are read back.
const storedColumnsSchema = z.object({
  metric_kind: metricKindSchema,
  aggregate: metricAggregateSchema,
  alert_severity: anomalySeveritySchema,
  where_dimensions: z.record(z.string(), z.string()),
  parameters: z.record(z.string(), z.unknown()),
});

/** Reads a detector row; throws when a stored value is not one the procedures could have written. */
export function readDetectorRow(row: DetectorRow): StoredDetector {
  const stored = storedColumnsSchema.parse(row);
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    kind: stored.metric_kind,
    metric: row.metric_name,
    where: stored.where_dimensions,
    aggregate: stored.aggregate,
    bucketSeconds: row.bucket_seconds,
    settings: anomalyDetectorSettingsSchema.parse({ ...stored.parameters, method: row.method }),
    raiseAlerts: row.raise_alerts,
    alertSeverity: stored.alert_severity,
    enabled: row.enabled,
    checkedUntil: row.checked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A detector as clients see it. */
export function toDetectorRecord(detector: StoredDetector): AnomalyDetectorRecord {
  return {
    id: detector.id,
    name: detector.name,
    kind: detector.kind,
    metric: detector.metric,
    where: detector.where,
    aggregate: detector.aggregate,
    bucketSeconds: detector.bucketSeconds,
    method: detector.settings.method,
    parameters: storedParameters(detector.settings),
    raiseAlerts: detector.raiseAlerts,
    alertSeverity: detector.alertSeverity,
    enabled: detector.enabled,
    checkedUntil: detector.checkedUntil,
    createdAt: detector.createdAt,
    updatedAt: detector.updatedAt,
  };
}
