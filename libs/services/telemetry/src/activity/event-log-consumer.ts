import type { Database } from "@cauldron/db";
import { EVENT_NAMES, type AnyDomainEvent, type EventHandlers } from "@cauldron/events";
import type { ConsumerWorker } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { accountActivityOf, recordAccountActivity } from "./account-activity";
import { eventLogEntryOf } from "./event-log-entry";
import { recordEventLogEntry } from "./record-event-log";

/** The consumer group that copies every domain event into timeseries.events. */
export const EVENT_LOG_CONSUMER_GROUP = "telemetry-event-log";

/**
 * Logs one event, and the sign-in or sign-up it stands for, in the delivery's transaction. The
 * activity is recorded only with a new event row, so both happen exactly once per event.
 */
export async function logDomainEvent(event: AnyDomainEvent, trx: Transaction<Database>): Promise<void> {
  if (!(await recordEventLogEntry(trx, eventLogEntryOf(event)))) return;
  const activity = accountActivityOf(event);
  if (activity) await recordAccountActivity(trx, activity);
}

/** One handler per catalogued event, so an event added to any service's catalog is logged too. */
export function eventLogHandlers(): EventHandlers {
  // Every key comes from EVENT_NAMES, and the handler takes any catalogued event.
  return Object.fromEntries(EVENT_NAMES.map((name) => [name, logDomainEvent])) as EventHandlers;
}

/**
 * Declares the consumer that keeps the platform's event log: every domain event on the bus lands
 * in timeseries.events once, whoever published it, including events of no organization.
 */
export function eventLogConsumer(): ConsumerWorker {
  return {
    kind: "consumer",
    group: EVENT_LOG_CONSUMER_GROUP,
    // Events published before the group existed (or while telemetry was down) are logged too.
    startFrom: "beginning",
    batchSize: 128,
    handlers: eventLogHandlers(),
  };
}
