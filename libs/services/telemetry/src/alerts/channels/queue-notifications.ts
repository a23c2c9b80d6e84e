import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { notificationOfAlert, type AlertTransition } from "./notification-payload";

const SEVERITY_ORDER = ["info", "warning", "error", "critical"];

/** The channel thresholds an alert of `severity` passes: every level up to its own. */
function thresholdsAdmitting(severity: string): string[] {
  return SEVERITY_ORDER.slice(0, SEVERITY_ORDER.indexOf(severity) + 1);
}

/** Which alert changed, and how, as its event tells. */
export interface AlertChange {
  alertId: string;
  organizationId: string;
  transition: AlertTransition;
  occurredAt: string;
}

/**
 * Queues one pending delivery of the change per enabled channel of the alert's organization whose
 * minimum severity the alert reaches, with the notification as the alert stands now. Runs as the
 * system role (the consumer's transaction), so it names the organization in every query. A change
 * handled twice queues nothing the second time. Returns how many deliveries were queued.
 */
export async function queueAlertNotifications(trx: Transaction<Database>, change: AlertChange): Promise<number> {
  const alert = await trx
    .selectFrom("timeseries.alerts")
    .select([
      "id",
      "organization_id",
      "time",
      "severity",
      "status",
      "title",
      "description",
      "alert_type",
      "source",
      "rule_id",
      "labels",
      "resolved_at",
    ])
    .where("organization_id", "=", change.organizationId)
    .where("id", "=", change.alertId)
    .executeTakeFirst();
  if (!alert) return 0;
  const payload = JSON.stringify(notificationOfAlert(alert, change.transition, change.occurredAt));
  const queued = await trx
    .insertInto("timeseries.alert_deliveries")
    .columns(["organization_id", "channel_id", "alert_id", "transition", "payload"])
    .expression(
      trx
        .selectFrom("timeseries.alert_channels")
        .select([
          "organization_id",
          "id",
          sql<string>`${alert.id}::uuid`.as("alert_id"),
          sql<string>`${change.transition}::text`.as("transition"),
          sql<string>`${payload}::jsonb`.as("payload"),
        ])
        .where("organization_id", "=", alert.organization_id)
        .where("enabled", "=", true)
        .where("min_severity", "in", thresholdsAdmitting(alert.severity)),
    )
    .onConflict((conflict) => conflict.columns(["channel_id", "alert_id", "transition"]).doNothing())
    .returning("id")
    .execute();
  return queued.length;
}
