import type { ChangeEvent } from "@cauldron/rpc";

// One event per thousand ids keeps each payload small, however many rows one call deletes.
const IDS_PER_EVENT = 1_000;

/** The `embedding.deleted` events announcing `embeddingIds` are gone; none when nothing was deleted. */
export function embeddingsDeletedEvents(organizationId: string, embeddingIds: readonly string[]): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (let start = 0; start < embeddingIds.length; start += IDS_PER_EVENT) {
    events.push({
      name: "embedding.deleted",
      payload: { organizationId, embeddingIds: embeddingIds.slice(start, start + IDS_PER_EVENT) },
    });
  }
  return events;
}
