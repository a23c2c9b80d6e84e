import type { AlertSeverity } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { publishEvent } from "@cauldron/events";
import type { Transaction } from "kysely";

export type { AlertSeverity };

/** What a new alert says: where it came from, how bad it is, and the rule or detector behind it. */
export interface NewAlert {
  organizationId: string;
  /** What kind of alert: `threshold` from a rule, `anomaly` from a detector. */
  alertType: string;
  /** What raised it, such as `rule:<id>` or `detector:<id>`. */
  source: string;
  severity: AlertSeverity;
  title: string;
  description?: string | null;
  ruleId?: string | null;
  labels?: Record<string, string>;
  details?: Record<string, unknown>;
  time?: Date;
}

/** The key of an alert row: timeseries.alerts is time-partitioned, so its key holds the time. */
export interface AlertKey {
  id: string;
  time: Date;
}

/** Opens an alert and publishes `alert.raised` in the caller's transaction, so both happen or neither. */
export async function raiseAlert(trx: Transaction<Database>, alert: NewAlert): Promise<AlertKey> {
  const row = await trx
    .insertInto("timeseries.alerts")
    .values({
      organization_id: alert.organizationId,
      time: alert.time ?? new Date(),
      alert_type: alert.alertType,
      source: alert.source,
      severity: alert.severity,
      status: "open",
      title: alert.title,
      description: alert.description ?? null,
      rule_id: alert.ruleId ?? null,
      labels: JSON.stringify(alert.labels ?? {}),
      details: JSON.stringify(alert.details ?? {}),
    })
    .returning(["id", "time"])
    .executeTakeFirstOrThrow();
  await publishEvent(trx, "alert.raised", {
    alertId: row.id,
    organizationId: alert.organizationId,
    alertType: alert.alertType,
    source: alert.source,
    severity: alert.severity,
    title: alert.title,
    description: alert.description ?? null,
    assignedToUserId: null,
  });
  return row;
}
