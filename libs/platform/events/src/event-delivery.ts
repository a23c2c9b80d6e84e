import { withSystem, type Database } from "@cauldron/db";
import type { Redis } from "ioredis";
import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import { isEventName, type EventName } from "./catalog";
import { parseStreamEvent, type AnyDomainEvent, type DomainEvent } from "./domain-event";
import type { StreamEntry } from "./stream-replies";

/** Handles one event inside the transaction that also records it as processed. */
export type EventHandler<N extends EventName> = (event: DomainEvent<N>, trx: Transaction<Database>) => Promise<void>;

/**
 * Handles one event with no transaction open, for work too slow to hold one (an SMTP exchange):
 * it opens its own short transactions with `inTransaction`. The event is recorded as processed in
 * one more short transaction after it returns, so a handler that throws is retried, and one that
 * returned is never run again; a crash between the two runs it again.
 */
export interface DetachedEventHandler<N extends EventName> {
  detached: (event: DomainEvent<N>, inTransaction: SystemTransactionRunner) => Promise<void>;
}

/** Runs work in a short system transaction of its own. */
export type SystemTransactionRunner = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** The handlers of one consumer group, by event name; events without a handler are acknowledged and skipped. */
export type EventHandlers = { [N in EventName]?: EventHandler<N> | DetachedEventHandler<N> };

export interface EventDelivery {
  db: Kysely<Database>;
  redis: Redis;
  streamKey: string;
  group: string;
  consumerName: string;
  handlers: EventHandlers;
  maxAttempts: number;
  deadLetterKey: string;
  deadLetterMaxLength: number;
  logger: Logger;
}

export type DeliveryOutcome = "handled" | "duplicate" | "skipped" | "retry" | "dead-lettered";

/**
 * Delivers one stream entry to its handler at most once per consumer group: the event id is
 * recorded in integration.processed_events in the handler's own transaction, then acknowledged.
 * `attempt` is how many times Redis has delivered the entry, this time included.
 */
export async function deliverEntry(
  delivery: EventDelivery,
  entry: StreamEntry,
  attempt: number,
): Promise<DeliveryOutcome> {
  const { redis, streamKey, group, logger } = delivery;
  if (entry.fields === null) {
    logger.error({ entryId: entry.entryId }, "stream entry was trimmed before this group handled it");
    await redis.xack(streamKey, group, entry.entryId);
    return "skipped";
  }

  // Look the handler up by the plain type field first: an event this group does not handle is
  // acknowledged even when this build cannot read it (a newer producer's type or payload).
  const type = entry.fields.type ?? "";
  const handler = (isEventName(type) ? delivery.handlers[type] : undefined) as
    | ((event: AnyDomainEvent, trx: Transaction<Database>) => Promise<void>)
    | { detached: (event: AnyDomainEvent, inTransaction: SystemTransactionRunner) => Promise<void> }
    | undefined;
  if (!handler) {
    await redis.xack(streamKey, group, entry.entryId);
    return "skipped";
  }

  let event: AnyDomainEvent;
  try {
    event = parseStreamEvent(entry.fields.data ?? "");
    if (event.type !== type) throw new Error(`type field "${type}" disagrees with the event's type "${event.type}"`);
  } catch (error) {
    // Retrying cannot fix an entry this code cannot read, so it goes straight to the dead letters.
    await deadLetter(delivery, entry, error, attempt);
    return "dead-lettered";
  }

  const log = logger.child({ eventId: event.id, eventType: event.type, entryId: entry.entryId, attempt });
  let outcome: "handled" | "duplicate";
  const recordProcessed = async (trx: Transaction<Database>) =>
    (await trx
      .insertInto("integration.processed_events")
      .values({ consumer: group, event_id: event.id })
      .onConflict((conflict) => conflict.columns(["consumer", "event_id"]).doNothing())
      .returning("event_id")
      .executeTakeFirst()) !== undefined;
  const refuseCrashed = () => {
    if (attempt > delivery.maxAttempts) {
      // Delivered more often than it was ever handled: a consumer died while handling it (or
      // before acknowledging). Running it again could take this consumer down too.
      throw new Error(`delivered ${attempt - 1} times without being acknowledged; its consumer may have crashed`);
    }
  };
  try {
    if (typeof handler === "function") {
      outcome = await withSystem(delivery.db, async (trx) => {
        if (!(await recordProcessed(trx))) return "duplicate";
        refuseCrashed();
        await handler(event, trx);
        return "handled";
      });
    } else {
      const processed = await withSystem(delivery.db, (trx) =>
        trx
          .selectFrom("integration.processed_events")
          .select("event_id")
          .where("consumer", "=", group)
          .where("event_id", "=", event.id)
          .executeTakeFirst(),
      );
      if (processed) {
        outcome = "duplicate";
      } else {
        refuseCrashed();
        await handler.detached(event, (work) => withSystem(delivery.db, work));
        outcome = (await withSystem(delivery.db, recordProcessed)) ? "handled" : "duplicate";
      }
    }
  } catch (error) {
    if (attempt >= delivery.maxAttempts) {
      await deadLetter(delivery, entry, error, attempt);
      return "dead-lettered";
    }
    log.warn({ err: error }, "event handler failed; it will be retried after a backoff");
    return "retry";
  }

  await redis.xack(streamKey, group, entry.entryId);
  if (outcome === "duplicate") log.debug("event already processed by this group; acknowledged");
  return outcome;
}

async function deadLetter(
  delivery: EventDelivery,
  entry: StreamEntry,
  error: unknown,
  attempts: number,
): Promise<void> {
  const { redis, streamKey, group, consumerName, deadLetterKey, deadLetterMaxLength, logger } = delivery;
  const message = error instanceof Error ? error.message : String(error);
  const fields = entry.fields ?? {};
  logger.error(
    { err: error, entryId: entry.entryId, eventId: fields.id, eventType: fields.type, attempts },
    "event moved to the dead-letter stream",
  );
  // One MULTI so the entry is never both acknowledged and missing from the dead letters.
  const replies = await redis
    .multi()
    .xadd(
      deadLetterKey,
      "MAXLEN",
      "~",
      deadLetterMaxLength,
      "*",
      "id",
      fields.id ?? "",
      "type",
      fields.type ?? "",
      "data",
      fields.data ?? "",
      "error",
      message,
      "attempts",
      String(attempts),
      "stream",
      streamKey,
      "entryId",
      entry.entryId,
      "group",
      group,
      "consumer",
      consumerName,
      "failedAt",
      new Date().toISOString(),
    )
    .xack(streamKey, group, entry.entryId)
    .exec();
  const failure = replies?.find(([replyError]) => replyError)?.[0];
  if (!replies || failure) throw failure ?? new Error("dead-letter transaction was discarded");
}
