import type { Logger } from "pino";
import type { ModelRow } from "../models/model-queries";
import { EmbeddingProviderError, type ProviderName } from "../providers";
import { providerRefusal } from "../providers-errors/provider-refusal";
import type { VectorRuntime } from "../vector-runtime";

// Failures that happen before any text reaches a provider cost nothing, so they give their quota unit back.
const FREE_FAILURES = new Set(["unsupported", "configuration"]);

function logFailure(logger: Logger, model: ModelRow, error: EmbeddingProviderError): void {
  logger.warn({ modelId: model.id, kind: error.kind, reason: error.message }, "embedding provider failed");
}

/**
 * Embeds `texts` with `model` for the organization: counts one unit of its embedding quota first,
 * then calls the model's provider, whose failures become typed refusals. Call it outside any
 * database transaction: a provider may take seconds.
 */
export async function embedTexts(
  runtime: VectorRuntime,
  model: ModelRow,
  organizationId: string,
  texts: string[],
  signal: AbortSignal | undefined,
): Promise<number[][]> {
  await runtime.quotas.enforce(runtime.embedQuota, organizationId);
  try {
    const provider = runtime.providers.forModel({
      id: model.id,
      provider: model.provider as ProviderName,
      dimensions: model.dimensions,
      configuration: model.configuration as Record<string, unknown>,
    });
    return await provider.embed(texts, { dimensions: model.dimensions, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (!(error instanceof EmbeddingProviderError)) throw error;
    logFailure(runtime.logger, model, error);
    if (FREE_FAILURES.has(error.kind)) await runtime.quotas.release(runtime.embedQuota, organizationId);
    throw providerRefusal(error, model);
  }
}
