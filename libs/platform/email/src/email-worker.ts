import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Database } from "@cauldron/db";
import { createEventConsumer, eventKeys, type EventPayload } from "@cauldron/events";
import type { Redis } from "ioredis";
import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import type { EmailMessage, EmailSender } from "./email-sender";

/** The record an email is about, as the request named it. */
export type EmailSubjectRecord = EventPayload<"email.requested">["about"];

/**
 * Composes one message inside the delivery's transaction: reads the recipient and mints any link
 * (storing only its hash), or returns null when there is nothing to send any more (an invitation
 * revoked, an address confirmed meanwhile). If sending fails the transaction rolls back, so a link
 * exists only once its message has gone out.
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
  db: Kysely<Database>;
  redis: Redis;
  /** The service's Redis key prefix; the event stream and dead letters live under it. */
  redisKeyPrefix: string;
  logger: Logger;
  delivery?: EmailDeliveryOptions;
}

/** A running email worker. */
export interface EmailWorker {
  stop(): Promise<void>;
}

/** The consumer group of a sender's email worker, shared by its replicas. */
export function emailConsumerGroup(sender: string): string {
  return `${sender}:email`;
}

/**
 * Delivers the sender's `email.requested` events: one consumer group per sender, each event
 * handled once, a failed send retried with exponential backoff and dead-lettered after the last
 * attempt. Logs name the event and template, never the recipient's link or the message.
 */
export async function startEmailWorker(options: EmailWorkerOptions): Promise<EmailWorker> {
  const { sender, composers, email, redisKeyPrefix, delivery = {} } = options;
  const logger = options.logger.child({ component: "email-worker", sender });
  const keys = eventKeys(redisKeyPrefix);
  const consumer = createEventConsumer({
    redis: options.redis,
    db: options.db,
    streamKey: keys.stream,
    deadLetterKey: keys.deadLetter,
    group: emailConsumerGroup(sender),
    consumerName: `${sender}-email-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    // Requests written before the group existed (e.g. while every replica was down) still go out.
    startFrom: "beginning",
    maxAttempts: delivery.maxAttempts ?? 10,
    retryBaseMs: delivery.retryBaseMs ?? 5_000,
    retryMaxMs: delivery.retryMaxMs ?? 600_000,
    logger,
    handlers: {
      "email.requested": async (event, trx) => {
        if (event.payload.sender !== sender) return;
        const compose = composers[event.payload.template];
        if (!compose) throw new Error(`${sender} has no email template named "${event.payload.template}"`);
        const message = await compose(trx, event.payload.about);
        const context = { eventId: event.id, template: event.payload.template, requestId: event.metadata.requestId };
        if (!message) {
          logger.info(context, "email no longer needed; skipped");
          return;
        }
        await email.send(message);
        logger.info(context, "email handed to the mail server");
      },
    },
  });

  // A Redis outage at start delays email; it must not stop the service from starting.
  const controller = new AbortController();
  const started = (async () => {
    for (let attempt = 1; !controller.signal.aborted; attempt += 1) {
      try {
        await consumer.start();
        return;
      } catch (error) {
        logger.warn({ err: error, attempt }, "email worker could not start; retrying");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt));
          controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await started;
      await consumer.stop();
    },
  };
}
