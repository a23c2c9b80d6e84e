import type { EventHandler } from "@cauldron/events";
import type { ConsumerWorker } from "@cauldron/rpc";
import { queueAlertNotifications } from "./queue-notifications";

/** The consumer group that turns alert changes into deliveries, shared by the service's replicas. */
export const ALERT_NOTIFICATIONS_GROUP = "telemetry-alert-notifications";

/** Queues the notifications of an alert that started firing; platform-wide alerts have no channels. */
export const onAlertRaised: EventHandler<"alert.raised"> = async (event, trx) => {
  const { alertId, organizationId } = event.payload;
  if (organizationId === null) return;
  await queueAlertNotifications(trx, { alertId, organizationId, transition: "firing", occurredAt: event.occurredAt });
};

/** Queues the notifications of an alert that resolved. */
export const onAlertResolved: EventHandler<"alert.resolved"> = async (event, trx) => {
  const { alertId, organizationId } = event.payload;
  await queueAlertNotifications(trx, { alertId, organizationId, transition: "resolved", occurredAt: event.occurredAt });
};

/**
 * Declares the consumer that queues a delivery per matching channel when an alert fires or
 * resolves. It only writes rows; the delivery job sends them, so a slow receiver never holds up
 * the event stream and every send is retried on its own schedule.
 */
export function alertNotificationConsumer(): ConsumerWorker {
  return {
    kind: "consumer",
    group: ALERT_NOTIFICATIONS_GROUP,
    // Alerts raised while no replica ran are still announced.
    startFrom: "beginning",
    handlers: { "alert.raised": onAlertRaised, "alert.resolved": onAlertResolved },
  };
}
