import type { Alert, AlertSeverity, AlertStatus, ListAlertsInput, Page } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import type { Transaction, Updateable } from "kysely";
import type { AlertKey } from "./raise-alert";

const ALERT_COLUMNS = [
  "id",
  "time",
  "rule_id",
  "alert_type",
  "source",
  "severity",
  "status",
  "title",
  "description",
  "labels",
  "details",
  "assigned_to",
  "acknowledged_at",
  "resolved_at",
  "silenced_until",
  "updated_at",
] as const;

/** An alert's columns as the procedures answer them, in the caller's transaction. */
export function alertColumns(trx: Transaction<Database>) {
  return trx.selectFrom("timeseries.alerts").select(ALERT_COLUMNS);
}

/** An alert as stored. */
export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertColumns>["executeTakeFirstOrThrow"]>>;

/** An alert as clients see it. */
export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    time: row.time,
    ruleId: row.rule_id,
    alertType: row.alert_type,
    source: row.source,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    title: row.title,
    description: row.description,
    labels: row.labels as Record<string, string>,
    details: row.details as Record<string, unknown>,
    assignedTo: row.assigned_to,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    silencedUntil: row.silenced_until,
    updatedAt: row.updated_at,
  };
}

/** One alert of the active organization, locked until the transaction ends so changes to it queue up; or undefined. */
export function lockAlert(trx: Transaction<Database>, alertId: string): Promise<AlertRow | undefined> {
  return alertColumns(trx).where("id", "=", alertId).forUpdate().executeTakeFirst();
}

/** Changes one alert by its key (id and time, since alerts are partitioned by time) and returns it as it is now. */
export function changeAlert(
  trx: Transaction<Database>,
  key: AlertKey,
  changes: Updateable<Database["timeseries.alerts"]>,
): Promise<AlertRow> {
  return trx
    .updateTable("timeseries.alerts")
    .set(changes)
    .where("id", "=", key.id)
    .where("time", "=", key.time)
    .returning(ALERT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The active organization's alerts, newest first, a page at a time. */
export async function listAlerts(trx: Transaction<Database>, input: ListAlertsInput): Promise<Page<Alert>> {
  const before = decodeTimeCursor(input.cursor);
  let query = alertColumns(trx)
    .select(preciseTime("time").as("time_key"))
    .where(pastTimeKey({ time: "time", id: "id" }, before, "before"));
  if (input.status) query = query.where("status", "in", input.status);
  if (input.severity) query = query.where("severity", "in", input.severity);
  if (input.ruleId) query = query.where("rule_id", "=", input.ruleId);
  if (input.from) query = query.where("time", ">=", input.from);
  if (input.to) query = query.where("time", "<", input.to);
  const rows = await query
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toAlert, (row) => ({ at: row.time_key, id: row.id }));
}
