import type { Database } from "@cauldron/db";
import { publishEvent, type EventAggregate, type EventName, type EventPayload } from "@cauldron/events";
import type { Transaction } from "kysely";
import { recordAudit, type AuditEntry, type AuditRequest } from "./record-audit";
import { requestEventMetadata } from "./request-actor";

/** A domain event published with a change; `aggregate` defaults to the one the catalog names. */
export type ChangeEvent = {
  [N in EventName]: { name: N; payload: EventPayload<N>; aggregate?: EventAggregate };
}[EventName];

/** A change as its audit row names it, with the domain events it publishes. */
export interface ChangeRecord extends AuditEntry {
  events?: readonly ChangeEvent[];
}

async function publishChangeEvent<N extends EventName>(
  trx: Transaction<Database>,
  event: { name: N; payload: EventPayload<N>; aggregate?: EventAggregate },
  request: AuditRequest,
): Promise<void> {
  await publishEvent(trx, event.name, event.payload, {
    ...(event.aggregate ? { aggregate: event.aggregate } : {}),
    metadata: requestEventMetadata(request),
  });
}

/**
 * Records one change: its audit row and its domain events, all in the caller's transaction, so
 * they exist exactly when the change does and name the same actor and request.
 */
export async function recordChange(
  trx: Transaction<Database>,
  request: AuditRequest,
  change: ChangeRecord,
): Promise<void> {
  const { events = [], ...audit } = change;
  await recordAudit(trx, request, audit);
  for (const event of events) await publishChangeEvent(trx, event, request);
}
