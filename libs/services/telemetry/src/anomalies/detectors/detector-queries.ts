import type { ListAnomalyDetectorsInput, Page, AnomalyDetectorRecord } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { readDetectorRow, toDetectorRecord, type DetectorRow } from "./stored-detector";

function detectorsOf(trx: Transaction<Database>, organizationId: string) {
  return trx.selectFrom("timeseries.anomaly_detectors").selectAll().where("organization_id", "=", organizationId);
}

/** One detector of the organization, locked until the transaction ends; or undefined. */
export function lockDetector(
  trx: Transaction<Database>,
  organizationId: string,
  detectorId: string,
): Promise<DetectorRow | undefined> {
  return detectorsOf(trx, organizationId).where("id", "=", detectorId).forUpdate().executeTakeFirst();
}

/** The organization's detectors by name, a page at a time. */
export async function listDetectors(
  trx: Transaction<Database>,
  organizationId: string,
  input: ListAnomalyDetectorsInput,
): Promise<Page<AnomalyDetectorRecord>> {
  const after = decodeNameCursor(input.cursor);
  const rows = await detectorsOf(trx, organizationId)
    .$if(input.metric !== undefined, (query) => query.where("metric_name", "=", input.metric!))
    .$if(input.enabled !== undefined, (query) => query.where("enabled", "=", input.enabled!))
    .where(pastNameKey({ name: "name", id: "id" }, after))
    .orderBy("name")
    .orderBy("id")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    (row) => toDetectorRecord(readDetectorRow(row)),
    (row) => ({ name: row.name, id: row.id }),
  );
}

/** Whether `error` is the unique violation of a detector name within its organization. */
export function isDetectorNameTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "anomaly_detectors_organization_id_name_key";
}
