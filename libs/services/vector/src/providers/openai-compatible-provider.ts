import { pause } from "./cancellable-wait";
import { EmbeddingProviderError, throwIfCancelled, type EmbeddingProvider } from "./embedding-provider";
import { embeddingsUrl, requestEmbeddings, type EmbeddingsEndpoint } from "./embeddings-request";
import { endpointConnection } from "./endpoint-connection";
import type { PrivateHostAllowList } from "./private-host-allow-list";
import type { OpenAiCompatibleConfiguration } from "./provider-configuration";
import { RequestRateLimit } from "./request-rate-limit";
import { backoffDelayMs, type RetryTiming } from "./retry-timing";
import { emptyTextVector } from "./unit-vector";

/** The last failure of a batch, saying how many attempts it took and how long to wait when rate limited. */
function gaveUp(error: EmbeddingProviderError, attempts: number, waitMs: number): EmbeddingProviderError {
  const retryAfterSeconds = error.kind === "rate_limited" ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined;
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : "";
  return new EmbeddingProviderError(error.kind, `${error.message}${after}`, {
    cause: error.cause,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** How the provider retries, and which private hosts it may reach. */
export interface OpenAiCompatibleReach {
  timing: RetryTiming;
  /** Endpoints at private addresses (loopback, RFC 1918, link-local…) are refused unless listed here. */
  privateHosts: PrivateHostAllowList;
}

/**
 * A model served by an OpenAI-compatible `POST {baseUrl}/embeddings`. Texts go in batches of
 * `batchSize`, one batch after another (an endpoint's rate limit is usually the bottleneck, and
 * order is kept for free). A batch is retried on 429, 408, 5xx, network errors and timeouts,
 * with capped exponential backoff and jitter, waiting at least what `Retry-After` asks. Each
 * instance has its own request rate limit, so keep one instance per model. Blank texts are not
 * sent: they get the fixed empty-text vector, as with the built-in models. Every connection goes
 * only to an address the private-host policy allows, and redirects are not followed.
 */
export function createOpenAiCompatibleProvider(
  configuration: OpenAiCompatibleConfiguration,
  { timing, privateHosts }: OpenAiCompatibleReach,
): EmbeddingProvider {
  const endpoint: EmbeddingsEndpoint = {
    connection: endpointConnection(embeddingsUrl(configuration.baseUrl), privateHosts),
    model: configuration.model,
    apiKey: configuration.apiKey,
    timeoutMs: configuration.timeoutMs,
    sendDimensions: configuration.sendDimensions,
  };
  const rateLimit =
    configuration.requestsPerSecond === undefined ? undefined : new RequestRateLimit(configuration.requestsPerSecond);

  async function embedBatch(texts: string[], dimensions: number, signal: AbortSignal | undefined) {
    for (let attempt = 1; ; attempt += 1) {
      if (rateLimit) await pause(rateLimit.reserve(Date.now()), signal);
      const outcome = await requestEmbeddings(endpoint, texts, dimensions, signal);
      if (outcome.ok) return outcome.vectors;
      const backoffMs = backoffDelayMs(attempt - 1, timing);
      const waitMs = Math.max(backoffMs, outcome.retryAfterMs ?? 0);
      const asksTooLong = (outcome.retryAfterMs ?? 0) > timing.longestRetryAfterMs;
      if (!outcome.retryable || attempt > configuration.maxRetries || asksTooLong) {
        throw gaveUp(outcome.error, attempt, waitMs);
      }
      await pause(waitMs, signal);
    }
  }

  return {
    name: "openai-compatible",
    async embed(texts, { dimensions, signal }) {
      throwIfCancelled(signal);
      // Endpoints refuse blank input, and the built-in models give such text the fixed empty-text vector.
      const vectors = texts.map((text) => (text.trim() === "" ? emptyTextVector(dimensions) : undefined));
      const toSend = texts.flatMap((_text, index) => (vectors[index] ? [] : [index]));
      for (let start = 0; start < toSend.length; start += configuration.batchSize) {
        const batch = toSend.slice(start, start + configuration.batchSize);
        const embedded = await embedBatch(
          batch.map((index) => texts[index]!),
          dimensions,
          signal,
        );
        batch.forEach((index, position) => (vectors[index] = embedded[position]));
      }
      return vectors as number[][];
    },
  };
}
