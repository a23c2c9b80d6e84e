import { loadConfig } from "@cauldron/config";
import { z } from "zod";

const flag = (name: string) =>
  z
    .enum(["true", "false"], `${name} must be true or false`)
    .default("false")
    .transform((value) => value === "true");

/** Settings of alert notifications. */
export const alertNotificationEnvSchema = z.object({
  /**
   * Lets webhooks reach private, loopback and link-local addresses. Off by default, since a
   * receiver URL is chosen by users and must not reach into the network the service runs in.
   */
  TELEMETRY_WEBHOOK_ALLOW_PRIVATE: flag("TELEMETRY_WEBHOOK_ALLOW_PRIVATE"),
  /** How long a receiver has to answer a webhook before the send counts as failed. */
  TELEMETRY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the delivery job looks for notifications due. */
  TELEMETRY_ALERT_DELIVERY_EVERY_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
});

export type AlertNotificationEnv = z.output<typeof alertNotificationEnvSchema>;

/** Reads the notification settings, failing loudly on a bad value. */
export function loadAlertNotificationConfig(
  environment: Record<string, string | undefined> = process.env,
): AlertNotificationEnv {
  return loadConfig(alertNotificationEnvSchema, environment);
}
