import { eventCatalogsByPublisher, type AnyDomainEvent, type EventName } from "@cauldron/events";

/** One domain event as timeseries.events stores it. */
export interface EventLogEntry {
  eventId: string;
  time: Date;
  organizationId: string | null;
  eventType: EventName;
  source: string;
  /** The user who caused the event, if the event names one; stored only while that user exists. */
  actorUserId: string | null;
  entityType: string;
  entityId: string | null;
  severity: EventSeverity;
  details: unknown;
}

export type EventSeverity = "info" | "warning" | "error" | "critical";

/** Largest payload stored whole as an event's details; a larger one is summarized by its size. */
export const MAX_EVENT_DETAILS_BYTES = 16_384;

const SEVERITIES: ReadonlySet<string> = new Set<EventSeverity>(["info", "warning", "error", "critical"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Payloads name who made a change `actorUserId` or `<verb>ByUserId` (changedByUserId, revokedByUserId, …).
const ACTOR_FIELD = /^[a-z]+ByUserId$/;
const MAX_ENTITY_TYPE_LENGTH = 100;

const PUBLISHERS: ReadonlyMap<string, string> = new Map(
  Object.entries(eventCatalogsByPublisher).flatMap(([publisher, events]) =>
    Object.keys(events).map((name) => [name, publisher] as const),
  ),
);

/** The service that publishes events named `name`, as the composed catalog records it. */
export function eventSourceOf(name: EventName): string {
  return PUBLISHERS.get(name) ?? "unknown";
}

const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** The user behind an event: the request's actor when it had one, else the one its payload names. */
export function eventActorOf(event: AnyDomainEvent): string | null {
  if (event.metadata.actorUserId) return event.metadata.actorUserId;
  const payload = event.payload as Record<string, unknown>;
  if (isUuid(payload.actorUserId)) return payload.actorUserId;
  for (const [field, value] of Object.entries(payload)) {
    if (ACTOR_FIELD.test(field) && isUuid(value)) return value;
  }
  return null;
}

/** The event's own severity when its payload carries one (alerts, anomalies), else info. */
export function eventSeverityOf(event: AnyDomainEvent): EventSeverity {
  const severity = (event.payload as Record<string, unknown>).severity;
  return typeof severity === "string" && SEVERITIES.has(severity) ? (severity as EventSeverity) : "info";
}

/** The payload, or only its size when it is too large to keep beside every other event. */
export function boundedDetails(payload: unknown): unknown {
  const bytes = Buffer.byteLength(JSON.stringify(payload), "utf8");
  return bytes <= MAX_EVENT_DETAILS_BYTES ? payload : { truncated: true, bytes };
}

/** What timeseries.events keeps of a domain event. */
export function eventLogEntryOf(event: AnyDomainEvent): EventLogEntry {
  const { aggregate } = event;
  return {
    eventId: event.id,
    time: new Date(event.occurredAt),
    organizationId: event.organizationId,
    eventType: event.type,
    source: eventSourceOf(event.type),
    actorUserId: eventActorOf(event),
    entityType: aggregate.type.slice(0, MAX_ENTITY_TYPE_LENGTH),
    // entity_id is a uuid column; aggregates identified otherwise keep their id in the payload.
    entityId: isUuid(aggregate.id) ? aggregate.id : null,
    severity: eventSeverityOf(event),
    details: boundedDetails(event.payload),
  };
}
