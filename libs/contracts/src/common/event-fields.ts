import { z } from "zod";

// Postgres' uuid type accepts any 128-bit hex value, while z.uuid() insists on RFC 9562 versions;
// ids are checked the way the database checks them so a valid row always yields a valid event.
/** A row id inside an event payload. */
export const eventId = z.guid();
/** A row id that may be absent, e.g. the actor of a change made by the system. */
export const nullableEventId = eventId.nullable();
/** A non-empty name inside an event payload. */
export const eventText = z.string().min(1);

/** One service's events: name → the schema its payload must satisfy. */
export type EventSchemas = Record<string, z.ZodObject>;
