/** The ways a model turns text into vectors; `vector.embedding_models.provider` holds one of these. */
export const PROVIDER_NAMES = ["precomputed", "hash", "glove", "openai-compatible"] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What one embed call needs besides the texts. */
export interface EmbedOptions {
  /** The model's dimensions; every returned vector has exactly this many numbers. */
  dimensions: number;
  /** Cancels the work, e.g. when the request's deadline passes. */
  signal?: AbortSignal;
}

/** Turns texts into vectors of one model. */
export interface EmbeddingProvider {
  readonly name: ProviderName;
  /** Embeds texts in order; result[i] has exactly `dimensions` finite numbers. */
  embed(texts: string[], options: EmbedOptions): Promise<number[][]>;
}

/** A model as stored: the fields of a `vector.embedding_models` row a provider needs. */
export interface ProviderModel {
  id: string;
  provider: ProviderName;
  dimensions: number;
  configuration: Record<string, unknown>;
}

/**
 * Why embedding failed, for the service to turn into a refusal:
 * - `unsupported`: this model cannot embed text (precomputed); the caller must send vectors.
 * - `configuration`: the model's configuration or the deployment is wrong (bad key, unknown
 *   endpoint, wrong dimensions, missing word vectors); retrying will not help.
 * - `upstream`: the embedding endpoint failed or refused the input.
 * - `timeout`: no answer in time, or the caller cancelled.
 * - `rate_limited`: the endpoint asked us to slow down; `retryAfterSeconds` says for how long.
 * - `bad_response`: the endpoint answered with something that is not the embeddings asked for.
 */
export type EmbeddingFailureKind =
  "unsupported" | "configuration" | "upstream" | "timeout" | "rate_limited" | "bad_response";

/** A typed embedding failure; its message says what went wrong and never carries a secret. */
export class EmbeddingProviderError extends Error {
  readonly kind: EmbeddingFailureKind;
  /** Whole seconds to wait before trying again, when the endpoint said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: EmbeddingFailureKind,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EmbeddingProviderError";
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Throws the typed failure for a caller who gave up (its signal aborted) before the work ended. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(signal);
}

/** The failure for a cancelled call: kind `timeout`, since callers cancel when their deadline passes. */
export function cancelledError(signal: AbortSignal): EmbeddingProviderError {
  return new EmbeddingProviderError("timeout", "The embedding request was cancelled before it finished", {
    cause: signal.reason,
  });
}
