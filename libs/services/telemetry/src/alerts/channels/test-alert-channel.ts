import { randomUUID } from "node:crypto";
import type { AlertChannelTestResult, AlertNotification } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { Logger } from "pino";
import type { AlertsReader } from "../alerts-caller";
import { CHANNEL_NOT_FOUND } from "./channel-refusals";
import { loadChannelDestination } from "./channel-queries";
import { notificationSendersFrom } from "./notification-senders";
import { sendNotification } from "./send-notification";

function testNotification(channel: { id: string; name: string }, organizationId: string): AlertNotification {
  const now = new Date().toISOString();
  return {
    type: "alert.test",
    deliveryId: randomUUID(),
    occurredAt: now,
    alert: {
      id: randomUUID(),
      organizationId,
      time: now,
      severity: "info",
      status: "open",
      title: `Test notification for the channel "${channel.name}"`,
      description: "Sent from the channel's settings to check that notifications arrive. No alert is open.",
      alertType: "test",
      source: `channel:${channel.id}`,
      ruleId: null,
      labels: {},
      resolvedAt: null,
    },
  };
}

/**
 * Sends a test notification through a channel now, enabled or not, and says how it went. Nothing
 * is stored and nothing is retried: the answer is the outcome of this one attempt.
 */
export async function testAlertChannel(
  caller: AlertsReader & { logger: Logger },
  id: string,
): Promise<AlertChannelTestResult> {
  const channel = requireFound(await caller.tenant((trx) => loadChannelDestination(trx, id)), CHANNEL_NOT_FOUND);
  // Read at each test, as the delivery job reads it at start: both follow the same environment.
  const senders = notificationSendersFrom(process.env, caller.logger);
  const outcome = await sendNotification(senders, channel, testNotification(channel, caller.organizationId));
  return outcome.delivered
    ? { delivered: true, httpStatus: outcome.httpStatus, error: null }
    : { delivered: false, httpStatus: outcome.httpStatus, error: outcome.error };
}
