/** One ranking to fuse: ids best first, and how much this ranking counts. */
export interface WeightedRanking<Id> {
  ids: readonly Id[];
  /** Non-negative; a ranking of weight 0 only breaks ties among ids the others place equally. */
  weight: number;
}

/** An id of the fused ranking with its reciprocal-rank score. */
export interface FusedRank<Id> {
  id: Id;
  score: number;
}

/** The constant of reciprocal rank fusion (Cormack et al.): it damps how much the very top ranks dominate. */
export const RECIPROCAL_RANK_K = 60;

/**
 * Reciprocal rank fusion: each id scores Σ weight / (k + rank) over the rankings that hold it
 * (rank 1 is the best; an id repeated within one ranking counts at its best rank). Best first;
 * equal scores keep a stable order: the id seen earlier when the rankings are read rank by rank,
 * first ranking first, comes first.
 */
export function fuseByReciprocalRank<Id>(
  rankings: readonly WeightedRanking<Id>[],
  options: { k?: number } = {},
): FusedRank<Id>[] {
  const k = options.k ?? RECIPROCAL_RANK_K;
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be a finite number of at least 0, got ${k}`);
  for (const ranking of rankings) {
    if (!Number.isFinite(ranking.weight) || ranking.weight < 0) {
      throw new RangeError(`a ranking's weight must be a finite number of at least 0, got ${ranking.weight}`);
    }
  }
  const fused = new Map<Id, { score: number; seen: number }>();
  const counted = rankings.map(() => new Set<Id>());
  const longest = Math.max(0, ...rankings.map((ranking) => ranking.ids.length));
  for (let position = 0; position < longest; position += 1) {
    rankings.forEach((ranking, index) => {
      if (position >= ranking.ids.length) return;
      const id = ranking.ids[position] as Id;
      if (counted[index]!.has(id)) return;
      counted[index]!.add(id);
      const contribution = ranking.weight / (k + position + 1);
      const entry = fused.get(id);
      if (entry) entry.score += contribution;
      else fused.set(id, { score: contribution, seen: fused.size });
    });
  }
  return [...fused]
    .sort(([, a], [, b]) => b.score - a.score || a.seen - b.seen)
    .map(([id, { score }]) => ({ id, score }));
}
