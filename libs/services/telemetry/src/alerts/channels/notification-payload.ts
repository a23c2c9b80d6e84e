import { alertNotificationSchema, type AlertNotification, type AlertNotificationType } from "@cauldron/contracts";
import type { JsonValue } from "@cauldron/db";

/** Which change of an alert a delivery announces. */
export type AlertTransition = "firing" | "resolved";

/** A notification as a delivery stores it; the delivery's id is added when it is sent. */
export type StoredNotification = Omit<AlertNotification, "deliveryId">;

export const storedNotificationSchema = alertNotificationSchema.omit({ deliveryId: true });

/** The alert row fields a notification tells. */
export interface NotifiedAlert {
  id: string;
  organization_id: string;
  time: Date;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  alert_type: string;
  source: string;
  rule_id: string | null;
  labels: JsonValue;
  resolved_at: Date | null;
}

const TYPE_OF_TRANSITION: Record<AlertTransition, AlertNotificationType> = {
  firing: "alert.raised",
  resolved: "alert.resolved",
};

function stringLabels(labels: JsonValue): Record<string, string> {
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return {};
  return Object.fromEntries(
    Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** The notification of one alert's transition, as it stands when the change is handled. */
export function notificationOfAlert(
  alert: NotifiedAlert,
  transition: AlertTransition,
  occurredAt: string,
): StoredNotification {
  return storedNotificationSchema.parse({
    type: TYPE_OF_TRANSITION[transition],
    occurredAt,
    alert: {
      id: alert.id,
      organizationId: alert.organization_id,
      time: alert.time.toISOString(),
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      description: alert.description,
      alertType: alert.alert_type,
      source: alert.source,
      ruleId: alert.rule_id,
      labels: stringLabels(alert.labels),
      resolvedAt: alert.resolved_at?.toISOString() ?? null,
    },
  });
}
