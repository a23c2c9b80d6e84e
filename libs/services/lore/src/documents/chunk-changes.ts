import { createHash } from "node:crypto";
import { CHUNKS_PER_EVENT, DROPS_PER_EVENT } from "@cauldron/contracts";

/** A chunk row of a version: the md5 of its text (hex), and the chunk its embedding is stored under (null: its own id). */
export interface HashedChunk {
  id: string;
  hash: string;
  embeddedAs: string | null;
}

/** What the vector service must do for one chunk of a new version. */
export type ChunkChange =
  | { kind: "embed"; chunkId: string; content: string }
  | { kind: "keep"; fromChunkId: string; toChunkId: string; embeddedAs: string };

/** A new version's chunk changes, and the ids of the embeddings its text no longer needs. */
export interface VersionChunkChanges {
  changes: ChunkChange[];
  drop: string[];
}

/** One `chunks.changed` part's lists. */
export interface ChunkPart {
  embed: { chunkId: string; content: string }[];
  keep: { fromChunkId: string; toChunkId: string; embeddedAs: string }[];
  drop: string[];
}

/** How the next version's chunks descend from the previous version's. */
export interface ChunkLineage {
  /** For each next chunk, in order: the previous chunk whose text, and so whose embedding, it keeps; null when its text is new. */
  keptFrom: (HashedChunk | null)[];
  /** Every id an embedding of a previous chunk whose text is gone may be stored under. */
  drop: string[];
}

/** The md5 of a chunk's text in hex, as the database computes `content_hash`. */
export function chunkHash(content: string): string {
  return createHash("md5").update(content, "utf8").digest("hex");
}

/** The chunk id a stored chunk's embedding is kept under: the first chunk of its lineage. */
export function embeddingEntityOf(chunk: Pick<HashedChunk, "id" | "embeddedAs">): string {
  return chunk.embeddedAs ?? chunk.id;
}

/**
 * Pairs each chunk of a new version (by the hash of its text) with a chunk of the previous
 * version holding the same text, whose embedding it then keeps; the rest are embedded. A previous
 * chunk is kept by one new chunk at most; the embeddings of those kept by none are dropped.
 */
export function planChunkLineage(previous: readonly HashedChunk[], nextHashes: readonly string[]): ChunkLineage {
  const unclaimed = new Map<string, HashedChunk[]>();
  for (const chunk of previous) {
    const same = unclaimed.get(chunk.hash);
    if (same) same.push(chunk);
    else unclaimed.set(chunk.hash, [chunk]);
  }
  const keptFrom = nextHashes.map((hash) => unclaimed.get(hash)?.shift() ?? null);
  // Where a gone chunk's embedding is: under its lineage's first chunk, or (moved there before
  // chunks kept their lineage) under the chunk itself.
  const drop = [...unclaimed.values()]
    .flat()
    .flatMap((chunk) =>
      chunk.embeddedAs && chunk.embeddedAs !== chunk.id ? [chunk.id, chunk.embeddedAs] : [chunk.id],
    );
  return { keptFrom, drop };
}

/** The changes of a new version's stored chunks (in order, as planned), given what each kept. */
export function chunkChangesOf(
  stored: readonly { id: string; content: string }[],
  keptFrom: readonly (HashedChunk | null)[],
): ChunkChange[] {
  return stored.map((chunk, index) => {
    const kept = keptFrom[index];
    return kept
      ? { kind: "keep", fromChunkId: kept.id, toChunkId: chunk.id, embeddedAs: embeddingEntityOf(kept) }
      : { kind: "embed", chunkId: chunk.id, content: chunk.content };
  });
}

/** How many `chunks.changed` parts carry a version: one at least, so an empty version clears the old. */
export function chunkPartCount(chunkCount: number, dropCount = 0): number {
  return Math.max(1, Math.ceil(chunkCount / CHUNKS_PER_EVENT), Math.ceil(dropCount / DROPS_PER_EVENT));
}

/** Splits a version's chunk changes, in chunk order, and its drops into parts of at most CHUNKS_PER_EVENT chunks. */
export function chunkParts({ changes, drop }: VersionChunkChanges): ChunkPart[] {
  const parts: ChunkPart[] = [];
  for (let part = 0; part < chunkPartCount(changes.length, drop.length); part += 1) {
    const slice = changes.slice(part * CHUNKS_PER_EVENT, (part + 1) * CHUNKS_PER_EVENT);
    parts.push({
      embed: slice.flatMap((change) =>
        change.kind === "embed" ? [{ chunkId: change.chunkId, content: change.content }] : [],
      ),
      keep: slice.flatMap((change) =>
        change.kind === "keep"
          ? [{ fromChunkId: change.fromChunkId, toChunkId: change.toChunkId, embeddedAs: change.embeddedAs }]
          : [],
      ),
      drop: drop.slice(part * DROPS_PER_EVENT, (part + 1) * DROPS_PER_EVENT),
    });
  }
  return parts;
}
