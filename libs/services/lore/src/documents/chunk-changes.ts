import { CHUNKS_PER_EVENT } from "@cauldron/contracts";

/** A chunk row of a version, with the md5 of its text (hex). */
export interface HashedChunk {
  id: string;
  hash: string;
}

/** What the vector service must do for one chunk of a new version. */
export type ChunkChange =
  { kind: "embed"; chunkId: string; content: string } | { kind: "keep"; fromChunkId: string; toChunkId: string };

/** One `chunks.changed` part's lists. */
export interface ChunkPart {
  embed: { chunkId: string; content: string }[];
  keep: { fromChunkId: string; toChunkId: string }[];
}

/**
 * Pairs each chunk of a new version with a chunk of the previous version holding the same text,
 * whose embedding it then keeps; the rest are embedded. A previous chunk is kept by one new chunk
 * at most, since its embedding moves.
 */
export function planChunkChanges(
  previous: readonly HashedChunk[],
  next: readonly (HashedChunk & { content: string })[],
): ChunkChange[] {
  const unclaimed = new Map<string, string[]>();
  for (const chunk of previous) {
    const ids = unclaimed.get(chunk.hash);
    if (ids) ids.push(chunk.id);
    else unclaimed.set(chunk.hash, [chunk.id]);
  }
  return next.map((chunk) => {
    const fromChunkId = unclaimed.get(chunk.hash)?.shift();
    return fromChunkId
      ? { kind: "keep", fromChunkId, toChunkId: chunk.id }
      : { kind: "embed", chunkId: chunk.id, content: chunk.content };
  });
}

/** How many `chunks.changed` parts a version of `chunkCount` chunks is sent in: one at least, so an empty version clears the old. */
export function chunkPartCount(chunkCount: number): number {
  return Math.max(1, Math.ceil(chunkCount / CHUNKS_PER_EVENT));
}

/** Splits a version's chunk changes, in chunk order, into parts of at most CHUNKS_PER_EVENT chunks. */
export function chunkParts(changes: readonly ChunkChange[]): ChunkPart[] {
  const parts: ChunkPart[] = [];
  for (let part = 0; part < chunkPartCount(changes.length); part += 1) {
    const slice = changes.slice(part * CHUNKS_PER_EVENT, (part + 1) * CHUNKS_PER_EVENT);
    parts.push({
      embed: slice.flatMap((change) =>
        change.kind === "embed" ? [{ chunkId: change.chunkId, content: change.content }] : [],
      ),
      keep: slice.flatMap((change) =>
        change.kind === "keep" ? [{ fromChunkId: change.fromChunkId, toChunkId: change.toChunkId }] : [],
      ),
    });
  }
  return parts;
}
