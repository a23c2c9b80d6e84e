import type { ServiceDependencies, WorkerDeclaration } from "@cauldron/rpc";
import { alertDeliveryJob } from "./delivery-job";
import { loadAlertNotificationConfig } from "./notification-config";
import { alertNotificationConsumer } from "./notification-consumer";
import { notificationSendersFrom } from "./notification-senders";

/** The consumer that queues alert notifications and the job that sends them, as the environment sets them up. */
export function alertNotificationWorkers(
  dependencies: ServiceDependencies,
  environment: Record<string, string | undefined> = process.env,
): WorkerDeclaration[] {
  const config = loadAlertNotificationConfig(environment);
  return [
    alertNotificationConsumer(),
    alertDeliveryJob({
      senders: notificationSendersFrom(environment, dependencies.logger),
      everyMs: config.TELEMETRY_ALERT_DELIVERY_EVERY_MS,
    }),
  ];
}
