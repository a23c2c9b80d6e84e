import type { AlertNotification } from "@cauldron/contracts";
import type { EmailSender } from "@cauldron/email";
import { alertEmailMessage } from "./alert-email";
import { sendWebhook, type SendOutcome } from "./send-webhook";
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from "./webhook-signature";

/** How notifications leave the service: the mail sender and the webhook policy. */
export interface AlertNotificationSenders {
  email: EmailSender;
  allowPrivateWebhooks: boolean;
  webhookTimeoutMs: number;
}

/** Where one channel sends, secret included. */
export interface ChannelDestination {
  kind: string;
  email_addresses: string[];
  webhook_url: string | null;
  signing_secret: string | null;
}

function mailFailure(error: unknown): string {
  // Only the server's reply code: its text and the transport's errors may echo addresses or settings.
  const code = (error as { responseCode?: unknown; code?: unknown } | null) ?? {};
  if (typeof code.responseCode === "number") return `the mail server refused the message (${code.responseCode})`;
  if (typeof code.code === "string") return `could not reach the mail server (${code.code})`;
  return "could not send the email";
}

async function sendEmails(
  email: EmailSender,
  addresses: string[],
  notification: AlertNotification,
): Promise<SendOutcome> {
  try {
    // One message per address, so recipients never see each other's addresses.
    for (const address of addresses) await email.send(alertEmailMessage(notification, address));
    return { delivered: true, httpStatus: null };
  } catch (error) {
    return { delivered: false, httpStatus: null, error: mailFailure(error) };
  }
}

/**
 * Sends one notification through a channel: each address an email, or one webhook POST signed
 * with the channel's secret at the moment of sending (so a retry carries a fresh timestamp).
 */
export async function sendNotification(
  senders: AlertNotificationSenders,
  channel: ChannelDestination,
  notification: AlertNotification,
): Promise<SendOutcome> {
  if (channel.kind === "email") return sendEmails(senders.email, channel.email_addresses, notification);
  if (channel.webhook_url === null || channel.signing_secret === null) {
    return { delivered: false, httpStatus: null, error: "the channel has no webhook URL or secret" };
  }
  const body = JSON.stringify(notification);
  return sendWebhook({
    url: channel.webhook_url,
    body,
    allowPrivate: senders.allowPrivateWebhooks,
    timeoutMs: senders.webhookTimeoutMs,
    headers: {
      "content-type": "application/json",
      "user-agent": "Cauldron-Webhooks/1",
      "x-cauldron-event": notification.type,
      "x-cauldron-delivery": notification.deliveryId,
      [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(channel.signing_secret, body, new Date()),
    },
  });
}
