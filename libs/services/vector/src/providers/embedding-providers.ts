import type { EmbeddingProvider, ProviderModel } from "./embedding-provider";
import { providerFor, type ProviderOptions } from "./provider-for";

/** Providers kept per model for the life of a process. */
export interface EmbeddingProviders {
  /** The provider of `model`: the same instance while its provider, dimensions and configuration stay the same. */
  forModel(model: ProviderModel): EmbeddingProvider;
}

const MODELS_KEPT = 1000;

/**
 * Keeps one provider per model, so per-model state (the openai-compatible request rate limit)
 * spans requests; a model whose stored settings changed gets a new one. The least recently used
 * are dropped beyond a thousand models.
 */
export function createEmbeddingProviders(options: ProviderOptions = {}): EmbeddingProviders {
  const kept = new Map<string, { settings: string; provider: EmbeddingProvider }>();
  return {
    forModel(model) {
      const settings = JSON.stringify([model.provider, model.dimensions, model.configuration]);
      const entry = kept.get(model.id);
      kept.delete(model.id);
      const provider = entry?.settings === settings ? entry.provider : providerFor(model, options);
      kept.set(model.id, { settings, provider });
      if (kept.size > MODELS_KEPT) kept.delete(kept.keys().next().value!);
      return provider;
    },
  };
}
