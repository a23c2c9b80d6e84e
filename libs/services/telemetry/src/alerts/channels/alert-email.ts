import type { EmailMessage } from "@cauldron/email";
import type { AlertNotification } from "@cauldron/contracts";

/** The template name alert emails carry. */
export const ALERT_EMAIL_TEMPLATE = "alert_notification";

const HEADLINE: Record<AlertNotification["type"], string> = {
  "alert.raised": "Alert firing",
  "alert.resolved": "Alert resolved",
  "alert.test": "Test notification",
};

function labelLines(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels);
  if (entries.length === 0) return [];
  return ["", "Labels:", ...entries.map(([key, value]) => `  ${key}=${value}`)];
}

/** The plain-text message of one notification to one address: severity and title in the subject. */
export function alertEmailMessage(notification: AlertNotification, to: string): EmailMessage {
  const { alert } = notification;
  const headline = HEADLINE[notification.type];
  const lines = [
    `${headline}: ${alert.title}`,
    "",
    `Severity: ${alert.severity}`,
    `Status: ${alert.status}`,
    `Raised at: ${alert.time}`,
    ...(alert.resolvedAt ? [`Resolved at: ${alert.resolvedAt}`] : []),
    `Source: ${alert.source}`,
    ...(alert.description ? ["", alert.description] : []),
    ...labelLines(alert.labels),
    "",
    `Alert id: ${alert.id}`,
    `Delivery id: ${notification.deliveryId}`,
  ];
  return {
    to,
    // One line whatever the title holds, short enough for every mail client.
    subject: `[${alert.severity.toUpperCase()}] ${headline}: ${alert.title}`.replace(/\s+/g, " ").slice(0, 250),
    text: lines.join("\n"),
    template: ALERT_EMAIL_TEMPLATE,
  };
}
