import { createConfiguredEmailSender, loadEmailConfig, type EmailSender } from "@cauldron/email";
import type { Logger } from "pino";
import { loadAlertNotificationConfig } from "./notification-config";
import type { AlertNotificationSenders } from "./send-notification";

/**
 * The senders the environment asks for: SMTP when SMTP_URL is set (else a log line, as every
 * service's email), and the webhook policy of TELEMETRY_WEBHOOK_*.
 */
export function notificationSendersFrom(
  environment: Record<string, string | undefined>,
  logger: Logger,
  email?: EmailSender,
): AlertNotificationSenders {
  const config = loadAlertNotificationConfig(environment);
  return {
    email: email ?? createConfiguredEmailSender(loadEmailConfig(environment), logger),
    allowPrivateWebhooks: config.TELEMETRY_WEBHOOK_ALLOW_PRIVATE,
    webhookTimeoutMs: config.TELEMETRY_WEBHOOK_TIMEOUT_MS,
  };
}
