import type { ModelRow } from "../models/model-queries";

/**
 * Models with a ready index that searches named lately, per organization, so a search by model id
 * sends no model look-up of its own. Only ready models are kept: a ready index stays ready, and
 * nothing else a search reads of a model (provider, dimensions, distance, configuration) changes
 * after registration; retiring one leaves it searchable. Keeping the look-up out of the search's
 * transaction also keeps that transaction's relation locks to the search's own.
 */
export interface ReadyModelCache {
  /** The model as the organization last saw it, while fresh. */
  recall(organizationId: string, modelId: string): ModelRow | undefined;
  /** Remembers a model the organization resolved, if its index is ready. */
  remember(organizationId: string, model: ModelRow): void;
}

export function createReadyModelCache(options: { ttlMs: number; capacity: number }): ReadyModelCache {
  const models = new Map<string, { model: ModelRow; seenAt: number }>();
  return {
    recall(organizationId, modelId) {
      const key = `${organizationId}/${modelId}`;
      const held = models.get(key);
      if (!held) return undefined;
      if (Date.now() - held.seenAt < options.ttlMs) return held.model;
      models.delete(key);
      return undefined;
    },
    remember(organizationId, model) {
      if (model.index_state !== "ready") return;
      const key = `${organizationId}/${model.id}`;
      models.delete(key);
      if (models.size >= options.capacity) {
        const oldest = models.keys().next();
        if (!oldest.done) models.delete(oldest.value);
      }
      models.set(key, { model, seenAt: Date.now() });
    },
  };
}
