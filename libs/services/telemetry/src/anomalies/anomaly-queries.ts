import {
  anomalyDetectorMethodSchema,
  anomalySeveritySchema,
  type Anomaly,
  type ListAnomaliesInput,
  type Page,
} from "@cauldron/contracts";
import { decodeTimeCursor, preciseTime, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { z } from "zod";

const detailsSchema = z.object({
  score: z.number().nullable().catch(null),
  method: anomalyDetectorMethodSchema.nullable().catch(null),
});

function anomalyRows(trx: Transaction<Database>, organizationId: string) {
  return trx
    .selectFrom("timeseries.anomalies")
    .select([
      "id",
      "time",
      "detector_id",
      "metric_name",
      "expected_value",
      "actual_value",
      "deviation_percent",
      "severity",
      "details",
      preciseTime("time").as("time_key"),
    ])
    .where("organization_id", "=", organizationId);
}

type AnomalyRow = Awaited<ReturnType<ReturnType<typeof anomalyRows>["executeTakeFirstOrThrow"]>>;

function toAnomaly(row: AnomalyRow): Anomaly {
  const details = detailsSchema.safeParse(row.details);
  return {
    id: row.id,
    detectorId: row.detector_id,
    metric: row.metric_name,
    time: row.time,
    expectedValue: row.expected_value,
    actualValue: row.actual_value,
    deviationPercent: row.deviation_percent,
    severity: anomalySeveritySchema.catch("info").parse(row.severity),
    score: details.success ? details.data.score : null,
    method: details.success ? details.data.method : null,
  };
}

/** The organization's anomalies, newest bucket first, a page at a time. */
export async function listAnomalies(
  trx: Transaction<Database>,
  organizationId: string,
  input: ListAnomaliesInput,
): Promise<Page<Anomaly>> {
  const before = decodeTimeCursor(input.cursor);
  const rows = await anomalyRows(trx, organizationId)
    .$if(input.detectorId !== undefined, (query) => query.where("detector_id", "=", input.detectorId!))
    .$if(input.metric !== undefined, (query) => query.where("metric_name", "=", input.metric!))
    .$if(input.severity !== undefined, (query) => query.where("severity", "=", input.severity!))
    .$if(input.from !== undefined, (query) => query.where("time", ">=", input.from!))
    .$if(input.to !== undefined, (query) => query.where("time", "<", input.to!))
    .$if(before !== null, (query) =>
      query.where(sql<boolean>`(time, id) < (${before!.at}::timestamptz, ${before!.id}::uuid)`),
    )
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toAnomaly, (row) => ({ at: row.time_key, id: row.id }));
}
