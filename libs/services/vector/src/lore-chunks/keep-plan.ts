/** A stored lore chunk embedding, as far as keeping it for a new version matters. */
export interface StoredChunk {
  id: string;
  modelId: string;
  chunkId: string;
  content: string;
}

/** A chunk of the new version whose text the previous version has, and where its embedding belongs. */
export interface KeptChunk {
  fromChunkId: string;
  toChunkId: string;
  /** The chunk id its embedding is to be stored under. */
  target: string;
}

/** How a part's kept chunks get their embeddings under the model it writes with. */
export interface KeepPlan {
  /** Kept chunks whose embedding of the model is stored under their target already: nothing to write. */
  inPlace: number;
  /** Embeddings of the model that move to (or are stamped again under) a kept chunk's target: no provider call. */
  moves: { embeddingId: string; toChunkId: string }[];
  /** Kept chunks embedded only under another model: their stored text is embedded again with this one, under the target. */
  reembeds: { chunkId: string; content: string }[];
  /** Kept chunks with no embedding to take over (never embedded, or already removed): `fromChunkId`s. */
  missing: string[];
}

/**
 * Decides, for each kept chunk, which stored embedding it keeps: one under its target wins over
 * one under the new chunk, which wins over the previous chunk's; one of `modelId` over another
 * model's, whose text is then embedded again with `modelId`. `restamp` moves even an embedding
 * already under its target, so its metadata names the new version (as parts without lineage need).
 */
export function planKeeps(
  keep: readonly KeptChunk[],
  stored: readonly StoredChunk[],
  modelId: string,
  restamp: boolean,
): KeepPlan {
  const plan: KeepPlan = { inPlace: 0, moves: [], reembeds: [], missing: [] };
  const taken = new Set<string>();
  const byChunk = new Map<string, StoredChunk[]>();
  for (const row of stored) byChunk.set(row.chunkId, [...(byChunk.get(row.chunkId) ?? []), row]);
  for (const { fromChunkId, toChunkId, target } of keep) {
    const candidates = [...new Set([target, toChunkId, fromChunkId])].flatMap((chunkId) => byChunk.get(chunkId) ?? []);
    // One embedding serves one chunk; a second chunk kept from the same text embeds it anew.
    const kept = candidates.find((row) => row.modelId === modelId && !taken.has(row.id));
    const text = candidates[0];
    if (kept) {
      taken.add(kept.id);
      if (kept.chunkId === target && !restamp) plan.inPlace += 1;
      else plan.moves.push({ embeddingId: kept.id, toChunkId: target });
    } else if (text) plan.reembeds.push({ chunkId: target, content: text.content });
    else plan.missing.push(fromChunkId);
  }
  return plan;
}
