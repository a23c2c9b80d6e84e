import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { EventLogEntry } from "./event-log-entry";

/**
 * Stores one event in timeseries.events, once: a second insert of the same event (a redelivery
 * that got past the consumer's own bookkeeping) meets the unique (event_id, time) index and is
 * skipped. The actor and organization are kept only while they exist, since the event may arrive
 * after either was deleted; an event of a deleted organization stays as a platform-level row.
 * Runs as the system role: events without an organization are no tenant's to write.
 * Returns whether the event was new.
 */
export async function recordEventLogEntry(trx: Transaction<Database>, entry: EventLogEntry): Promise<boolean> {
  const { actorUserId, organizationId } = entry;
  const inserted = await trx
    .insertInto("timeseries.events")
    .values(({ selectFrom }) => ({
      event_id: entry.eventId,
      time: entry.time,
      organization_id: organizationId
        ? selectFrom("organizations").select("id").where("id", "=", organizationId)
        : null,
      event_type: entry.eventType,
      source: entry.source,
      user_id: actorUserId ? selectFrom("users").select("id").where("id", "=", actorUserId) : null,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      severity: entry.severity,
      details: JSON.stringify(entry.details),
    }))
    .onConflict((conflict) => conflict.columns(["event_id", "time"]).doNothing())
    .returning("event_id")
    .executeTakeFirst();
  return inserted !== undefined;
}
