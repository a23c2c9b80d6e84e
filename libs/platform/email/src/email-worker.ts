import type { Database } from "@cauldron/db";
import type { EventPayload } from "@cauldron/events";
import type { ConsumerWorker } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import type { EmailMessage, EmailSender } from "./email-sender";

/** The record an email is about, as the request named it. */
export type EmailSubjectRecord = EventPayload<"email.requested">["about"];

/**
 * Composes one message in a short transaction of its own: reads the recipient and mints any link
 * (storing only its hash), or returns null when there is nothing to send any more (an invitation
 * revoked, an address confirmed meanwhile). The message is sent after that transaction commits; if
 * sending fails the event is retried and a new link replaces the unsent one.
 */
export type EmailComposer = (trx: Transaction<Database>, about: EmailSubjectRecord) => Promise<EmailMessage | null>;

/** How often and how patiently a failed delivery is retried before it moves to the dead letters. */
export interface EmailDeliveryOptions {
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface EmailWorkerOptions {
  /** The service this worker sends for; requests naming another sender are skipped. */
  sender: string;
  composers: Readonly<Record<string, EmailComposer>>;
  email: EmailSender;
  logger: Logger;
  delivery?: EmailDeliveryOptions;
}

/** The consumer group of a sender's email worker, shared by its replicas. */
export function emailConsumerGroup(sender: string): string {
  return `${sender}:email`;
}

/**
 * Declares the consumer that delivers the sender's `email.requested` events: one consumer group
 * per sender, each event handled once, a failed send retried with exponential backoff and
 * dead-lettered after the last attempt. Logs name the event and template, never the recipient's
 * link or the message.
 */
export function emailWorker(options: EmailWorkerOptions): ConsumerWorker {
  const { sender, composers, email, delivery = {} } = options;
  const logger = options.logger.child({ component: "email-worker", sender });
  return {
    kind: "consumer",
    group: emailConsumerGroup(sender),
    // Requests written before the group existed (e.g. while every replica was down) still go out.
    startFrom: "beginning",
    maxAttempts: delivery.maxAttempts ?? 10,
    retryBaseMs: delivery.retryBaseMs ?? 5_000,
    retryMaxMs: delivery.retryMaxMs ?? 600_000,
    handlers: {
      // Detached: the message is composed in one short transaction and sent with none open, so a
      // slow mail server never holds a pooled connection or outlives the idle-transaction timeout
      // (which would roll back the link the message carries); the event is then recorded as handled.
      "email.requested": {
        async detached(event, inTransaction) {
          if (event.payload.sender !== sender) return;
          const compose = composers[event.payload.template];
          if (!compose) throw new Error(`${sender} has no email template named "${event.payload.template}"`);
          const message = await inTransaction((trx) => compose(trx, event.payload.about));
          const context = { eventId: event.id, template: event.payload.template, requestId: event.metadata.requestId };
          if (!message) {
            logger.info(context, "email no longer needed; skipped");
            return;
          }
          await email.send(message);
          logger.info(context, "email handed to the mail server");
        },
      },
    },
  };
}
