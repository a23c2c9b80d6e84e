import { randomUUID } from "node:crypto";
import { sendUnanswered, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { EventName, EventPayload } from "./catalog";
import {
  eventMetadataSchema,
  parseEventPayload,
  type DomainEvent,
  type EventAggregate,
  type EventMetadata,
} from "./domain-event";
import { InvalidEventPayloadError } from "./event-errors";

export interface PublishEventOptions {
  /** Defaults to the payload's `organizationId`; must agree with it when both are given. */
  organizationId?: string | null;
  /** Defaults to the name's first segment as type and the payload's `<type>Id` field as id. */
  aggregate?: EventAggregate;
  metadata?: EventMetadata;
}

/**
 * Validates an event against the catalog and writes it to integration.outbox in the caller's
 * transaction, so it reaches Redis only if that transaction commits.
 */
export async function publishEvent<N extends EventName>(
  trx: Transaction<Database>,
  name: N,
  payload: EventPayload<N>,
  options: PublishEventOptions = {},
): Promise<DomainEvent<N>> {
  const parsedPayload = parseEventPayload(name, payload);
  const metadata = parseMetadata(name, options.metadata);
  const organizationId = resolveOrganizationId(name, parsedPayload, options.organizationId);
  const aggregate = options.aggregate ?? defaultAggregate(name, parsedPayload);

  // The app role may only append to the outbox (no read policy), so the row cannot be returned:
  // id and time are chosen here.
  const occurredAt = new Date();
  const event: DomainEvent<N> = {
    id: randomUUID(),
    type: name,
    organizationId,
    occurredAt: occurredAt.toISOString(),
    aggregate,
    payload: parsedPayload,
    metadata,
  };
  await sendUnanswered(
    trx,
    trx.insertInto("integration.outbox").values({
      id: event.id,
      event_type: name,
      aggregate_type: aggregate.type,
      aggregate_id: aggregate.id,
      organization_id: organizationId,
      payload: JSON.stringify(parsedPayload),
      metadata: JSON.stringify(metadata),
      occurred_at: occurredAt,
    }),
  );
  return event;
}

function parseMetadata(name: EventName, metadata: EventMetadata | undefined): EventMetadata {
  const parsed = eventMetadataSchema.safeParse(metadata ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidEventPayloadError(
    name,
    parsed.error.issues.map((issue) => ({ ...issue, path: ["metadata", ...issue.path] })),
  );
}

function resolveOrganizationId(name: EventName, payload: object, explicit: string | null | undefined): string | null {
  const fromPayload = stringField(payload, "organizationId");
  if (explicit === undefined) return fromPayload;
  if (fromPayload !== null && explicit !== fromPayload) {
    throw new Error(
      `publishEvent("${name}"): organizationId option ${String(explicit)} differs from payload.organizationId ${fromPayload}`,
    );
  }
  return explicit;
}

function defaultAggregate(name: EventName, payload: object): EventAggregate {
  const type = name.split(".")[0] ?? name;
  const camelType = type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return { type, id: stringField(payload, `${camelType}Id`) };
}

function stringField(payload: object, field: string): string | null {
  const value: unknown = (payload as Record<string, unknown>)[field];
  return typeof value === "string" ? value : null;
}
