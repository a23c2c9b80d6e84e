import { randomUUID } from "node:crypto";
import type { DomainEvent } from "@cauldron/events";
import type { HandledCounts } from "./dead-letter-consumers";

/** Catalogued document.created events of made-up organizations, ready to append to a stream. */
export function drillDocumentEvents(count: number): DomainEvent<"document.created">[] {
  return Array.from({ length: count }, () => {
    const [organizationId, documentId] = [randomUUID(), randomUUID()];
    return {
      id: randomUUID(),
      type: "document.created",
      organizationId,
      occurredAt: new Date().toISOString(),
      aggregate: { type: "document", id: documentId },
      payload: { organizationId, documentId, title: "Drill document", createdByUserId: randomUUID(), teamIds: [] },
      metadata: {},
    };
  });
}

/** How many events every group handled exactly once, and how many some group handled more often. */
export function tallyHandling(
  events: readonly { id: string }[],
  handled: Record<string, HandledCounts>,
): { handledOnce: number; handledTwice: number } {
  const times = events.map((event) => Object.values(handled).map((counts) => counts.get(event.id) ?? 0));
  return {
    handledOnce: times.filter((counts) => counts.every((count) => count === 1)).length,
    handledTwice: times.filter((counts) => counts.some((count) => count > 1)).length,
  };
}
