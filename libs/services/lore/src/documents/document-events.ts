import type { Document } from "@cauldron/contracts";
import type { ChangeEvent } from "@cauldron/rpc";
import { chunkParts, type VersionChunkChanges } from "./chunk-changes";

/** The `chunks.changed` parts announcing a version's chunks, with the document's team access as of now. */
export function chunksChangedEvents(
  organizationId: string,
  document: Pick<Document, "id" | "version" | "teamIds" | "updatedAt">,
  changes: VersionChunkChanges,
): ChangeEvent[] {
  const parts = chunkParts(changes);
  return parts.map((part, index) => ({
    name: "chunks.changed",
    aggregate: { type: "document", id: document.id },
    payload: {
      organizationId,
      documentId: document.id,
      version: document.version,
      part: index,
      parts: parts.length,
      teamIds: document.teamIds,
      teamIdsAsOf: document.updatedAt.toISOString(),
      embed: part.embed,
      keep: part.keep,
      drop: part.drop,
    },
  }));
}

/** `document.updated` for a change of `changedFields`, naming who may be told of it. */
export function documentUpdatedEvent(
  organizationId: string,
  document: Pick<Document, "id" | "version" | "teamIds">,
  changedFields: readonly string[],
  actorUserId: string | null,
): ChangeEvent {
  return {
    name: "document.updated",
    payload: {
      organizationId,
      documentId: document.id,
      version: document.version,
      changedFields: [...changedFields],
      updatedByUserId: actorUserId,
      teamIds: document.teamIds,
    },
  };
}
