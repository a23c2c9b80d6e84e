/**
 * How many rows of a model each organization held lately, so a search does not count them again
 * each time to choose between exact and index search. A count a few seconds old only ever picks
 * the slower of two correct strategies for those seconds.
 */
export interface RowCountCache {
  /** The count held for (organization, model) if it is fresh, else `count()`'s answer, remembered. */
  held(organizationId: string, modelId: string, count: () => Promise<number>): Promise<number>;
}

export function createRowCountCache(options: { ttlMs: number; capacity: number }): RowCountCache {
  const counts = new Map<string, { rows: number; countedAt: number }>();
  return {
    async held(organizationId, modelId, count) {
      const key = `${organizationId}/${modelId}`;
      const now = Date.now();
      const known = counts.get(key);
      if (known && now - known.countedAt < options.ttlMs) return known.rows;
      const rows = await count();
      counts.delete(key);
      if (counts.size >= options.capacity) {
        const oldest = counts.keys().next();
        if (!oldest.done) counts.delete(oldest.value);
      }
      counts.set(key, { rows, countedAt: now });
      return rows;
    },
  };
}
