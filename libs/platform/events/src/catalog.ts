import {
  authEvents,
  loreEvents,
  orgEvents,
  platformEvents,
  storageEvents,
  telemetryEvents,
  vectorEvents,
  type EventSchemas,
} from "@cauldron/contracts";
import type { z } from "zod";
import { eventNameProblem } from "./event-naming";

/** Each publisher's events as its contract declares them; a service adds its own here. */
export const eventCatalogsByPublisher = {
  platform: platformEvents,
  auth: authEvents,
  org: orgEvents,
  lore: loreEvents,
  telemetry: telemetryEvents,
  vector: vectorEvents,
  storage: storageEvents,
} as const satisfies Record<string, EventSchemas>;

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (merged: infer I) => void
  ? I
  : never;

/**
 * Merges publishers' catalogs into one, refusing a name two publishers declare (a consumer's
 * handler would be ambiguous) and a name that breaks the `<aggregate>.<past-tense verb>` rule.
 */
export function composeEventCatalogs<C extends Record<string, EventSchemas>>(
  catalogs: C,
): UnionToIntersection<C[keyof C]> {
  const composed: EventSchemas = {};
  const owners = new Map<string, string>();
  for (const [publisher, events] of Object.entries(catalogs)) {
    for (const [name, schema] of Object.entries(events)) {
      const owner = owners.get(name);
      if (owner)
        throw new Error(`Event "${name}" is declared by both ${owner} and ${publisher}; each event has one publisher`);
      const problem = eventNameProblem(name);
      if (problem) throw new Error(`${publisher} declares a badly named event: ${problem}`);
      owners.set(name, publisher);
      composed[name] = schema;
    }
  }
  return composed as UnionToIntersection<C[keyof C]>;
}

/** Every domain event the platform publishes, by name, with the schema its payload must satisfy. */
export const eventCatalog = composeEventCatalogs(eventCatalogsByPublisher);

export type EventCatalog = typeof eventCatalog;

/** The name of a catalogued event, e.g. "member.added". */
export type EventName = keyof EventCatalog & string;

/** The payload of event `N`, as its schema outputs it. */
export type EventPayload<N extends EventName> = z.output<EventCatalog[N]>;

/** Every catalogued event name, for iteration and validation. */
export const EVENT_NAMES = Object.keys(eventCatalog) as EventName[];

/** Whether `value` names a catalogued event. */
export function isEventName(value: string): value is EventName {
  return Object.hasOwn(eventCatalog, value);
}
