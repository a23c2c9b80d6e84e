import type { JobWorker } from "@cauldron/rpc";
import type { Logger } from "pino";
import { claimDueDeliveries, recordAttempt, type ClaimedDelivery } from "./delivery-queries";
import { storedNotificationSchema } from "./notification-payload";
import { sendNotification, type AlertNotificationSenders } from "./send-notification";
import type { SendOutcome } from "./send-webhook";

/** The job's name, shared by every replica's lease. */
export const ALERT_DELIVERY_JOB = "telemetry.alert-deliveries";

// Longer than any one send can take (a webhook's timeout, an SMTP exchange per address).
const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 20;
const BATCHES_PER_RUN = 10;

export interface AlertDeliveryJobOptions {
  senders: AlertNotificationSenders;
  everyMs?: number;
  /** The clock deliveries are scheduled by; the wall clock unless a test chooses one. */
  now?: () => Date;
}

async function deliver(
  senders: AlertNotificationSenders,
  delivery: ClaimedDelivery,
  logger: Logger,
): Promise<SendOutcome> {
  const stored = storedNotificationSchema.safeParse(delivery.payload);
  if (!stored.success) return { delivered: false, httpStatus: null, error: "the stored notification is unreadable" };
  const outcome = await sendNotification(senders, delivery, { ...stored.data, deliveryId: delivery.id });
  if (!outcome.delivered) {
    const { id, channel_id: channelId, attempts } = delivery;
    logger.warn(
      { deliveryId: id, channelId, attempt: attempts + 1, error: outcome.error },
      "alert notification not delivered",
    );
  }
  return outcome;
}

/**
 * Sends the alert notifications that are due, once per deployment every `everyMs` (5 s by
 * default): each delivery is claimed, sent with no transaction open, and its outcome recorded,
 * so a failed send is retried with backoff and a delivered one is never sent again.
 */
export function alertDeliveryJob(options: AlertDeliveryJobOptions): JobWorker {
  const now = options.now ?? (() => new Date());
  return {
    kind: "job",
    name: ALERT_DELIVERY_JOB,
    everyMs: options.everyMs ?? 5_000,
    async run({ db, logger, signal }) {
      for (let batch = 0; batch < BATCHES_PER_RUN && !signal.aborted; batch += 1) {
        const { claimed, examined } = await claimDueDeliveries(db, now(), BATCH_SIZE, CLAIM_LEASE_MS);
        await Promise.all(
          claimed.map(async (delivery) => {
            const outcome = await deliver(options.senders, delivery, logger);
            await recordAttempt(db, delivery, outcome, now());
          }),
        );
        if (examined < BATCH_SIZE) return;
      }
    },
  };
}
