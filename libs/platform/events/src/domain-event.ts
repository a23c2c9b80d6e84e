import { z } from "zod";
import { eventCatalog, isEventName, type EventName, type EventPayload } from "./catalog";
import { InvalidEventPayloadError, UnknownEventTypeError } from "./event-errors";

/** Who and what caused an event; carried along for tracing and audit. */
export interface EventMetadata {
  requestId?: string;
  actorUserId?: string;
}

/** The thing an event is about, e.g. { type: "document", id: "<document id>" }. */
export interface EventAggregate {
  type: string;
  id: string | null;
}

/** A domain event as it travels from the outbox to consumers. */
export interface DomainEvent<N extends EventName = EventName> {
  id: string;
  type: N;
  organizationId: string | null;
  occurredAt: string;
  aggregate: EventAggregate;
  payload: EventPayload<N>;
  metadata: EventMetadata;
}

/** Any catalogued event, narrowed by `type`. */
export type AnyDomainEvent = { [N in EventName]: DomainEvent<N> }[EventName];

export const eventMetadataSchema = z.object({
  requestId: z.string().min(1).optional(),
  actorUserId: z.guid().optional(),
});

const envelopeSchema = z.object({
  id: z.guid(),
  type: z.string().min(1),
  organizationId: z.guid().nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  aggregate: z.object({ type: z.string().min(1), id: z.string().nullable() }),
  payload: z.unknown(),
  metadata: eventMetadataSchema,
});

/** The Redis Stream fields of one event: id and type for humans and tooling, data for consumers. */
export function toStreamFields(event: AnyDomainEvent): string[] {
  return ["id", event.id, "type", event.type, "data", JSON.stringify(event)];
}

/** Validates `payload` against the catalog schema of `type`, returning the parsed payload. */
export function parseEventPayload<N extends EventName>(type: N, payload: unknown): EventPayload<N> {
  if (!isEventName(type)) throw new UnknownEventTypeError(type);
  const parsed = eventCatalog[type].safeParse(payload);
  if (!parsed.success) throw new InvalidEventPayloadError(type, parsed.error.issues);
  return parsed.data as EventPayload<N>;
}

/** Reads an event back from the `data` field of a stream entry; throws when it is not a catalogued event. */
export function parseStreamEvent(data: string): AnyDomainEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new Error("stream entry data is not JSON");
  }
  const envelope = envelopeSchema.parse(json);
  if (!isEventName(envelope.type)) throw new UnknownEventTypeError(envelope.type);
  const payload = parseEventPayload(envelope.type, envelope.payload);
  return { ...envelope, type: envelope.type, payload } as AnyDomainEvent;
}
