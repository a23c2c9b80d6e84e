/** The entity type of a lore chunk's embedding; its entity id is the chunk's id. */
export const LORE_CHUNK_ENTITY_TYPE = "lore.chunk";

/** Who may see a document's chunks, as of when the document's teams were last set. */
export type TeamAccess = {
  /** Empty means the whole organization may see the document. */
  teamIds: string[];
  /** ISO 8601; compared as a timestamp, so a late, older value never replaces a newer one. */
  teamIdsAsOf: string;
};

/**
 * The metadata of a lore chunk's embedding: team access for search filters
 * (`{ or: [{ restricted: false }, { teamIds: { containsAny: [...] } }] }`), and the version and
 * part that wrote it, which the consumer uses to tell when a version is complete. (Type aliases,
 * not interfaces, so it is assignable to a plain JSON record.)
 */
export type LoreChunkMetadata = TeamAccess & {
  documentId: string;
  version: number;
  part: number;
  restricted: boolean;
};

/** The metadata stored with every chunk a part embeds or keeps. */
export function loreChunkMetadata(
  chunk: { documentId: string; version: number; part: number },
  access: TeamAccess,
): LoreChunkMetadata {
  return { documentId: chunk.documentId, version: chunk.version, part: chunk.part, ...teamAccessMetadata(access) };
}

/** The metadata keys a change of team access overwrites. */
export function teamAccessMetadata(
  access: TeamAccess,
): Pick<LoreChunkMetadata, "teamIds" | "restricted" | "teamIdsAsOf"> {
  return { teamIds: access.teamIds, restricted: access.teamIds.length > 0, teamIdsAsOf: access.teamIdsAsOf };
}

/** Whether parts 0 … parts-1 are all among `stored` once `current` is added. */
export function isVersionComplete(stored: readonly number[], current: number, parts: number): boolean {
  const handled = new Set([...stored, current]);
  for (let part = 0; part < parts; part += 1) if (!handled.has(part)) return false;
  return true;
}
