/** A stored lore chunk embedding, as far as moving it to a new version matters. */
export interface StoredChunk {
  id: string;
  modelId: string;
  chunkId: string;
  content: string;
}

/** How a part's kept chunks get their embeddings under the model it writes with. */
export interface KeepPlan {
  /** Embeddings of the model that become the new chunk's (or already are, on a repeated part): no provider call. */
  moves: { embeddingId: string; toChunkId: string }[];
  /** Kept chunks embedded only under another model: their stored text is embedded again with this one. */
  reembeds: { chunkId: string; content: string }[];
  /** Kept chunks with no embedding to take over (never embedded, or already removed): `fromChunkId`s. */
  missing: string[];
}

/**
 * Decides, for each `{ fromChunkId, toChunkId }`, which stored embedding the new chunk takes:
 * one already under the new id (a part handled before) wins over the previous version's, and one
 * of `modelId` over another model's, whose text is then embedded again with `modelId`.
 */
export function planKeeps(
  keep: readonly { fromChunkId: string; toChunkId: string }[],
  stored: readonly StoredChunk[],
  modelId: string,
): KeepPlan {
  const plan: KeepPlan = { moves: [], reembeds: [], missing: [] };
  const taken = new Set<string>();
  const byChunk = new Map<string, StoredChunk[]>();
  for (const row of stored) byChunk.set(row.chunkId, [...(byChunk.get(row.chunkId) ?? []), row]);
  for (const { fromChunkId, toChunkId } of keep) {
    const candidates = [...(byChunk.get(toChunkId) ?? []), ...(byChunk.get(fromChunkId) ?? [])];
    // One embedding moves to one chunk; a second chunk kept from the same text embeds it anew.
    const movable = candidates.find((row) => row.modelId === modelId && !taken.has(row.id));
    const text = candidates[0];
    if (movable) {
      taken.add(movable.id);
      plan.moves.push({ embeddingId: movable.id, toChunkId });
    } else if (text) plan.reembeds.push({ chunkId: toChunkId, content: text.content });
    else plan.missing.push(fromChunkId);
  }
  return plan;
}
