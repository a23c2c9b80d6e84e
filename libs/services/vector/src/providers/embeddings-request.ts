import { checkVector } from "./check-vector";
import { cancelledError, EmbeddingProviderError, type EmbeddingFailureKind } from "./embedding-provider";
import { postToEndpoint, type EndpointAnswer, type EndpointConnection } from "./endpoint-connection";
import { REDACTED } from "./provider-configuration";
import { requestedWaitMs } from "./retry-timing";

/** Where and how one model's texts are sent. */
export interface EmbeddingsEndpoint {
  /** `{baseUrl}/embeddings`, reached only at addresses the private-host policy allows. */
  connection: EndpointConnection;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  sendDimensions: boolean;
}

/** How one request went: the vectors in input order, or a failure and whether trying again may help. */
export type EmbeddingsAttempt =
  | { ok: true; vectors: number[][] }
  | { ok: false; retryable: boolean; error: EmbeddingProviderError; retryAfterMs?: number };

// A float written as JSON takes at most about 25 characters; anything far beyond is not embeddings.
const BYTES_PER_NUMBER = 64;
const RESPONSE_OVERHEAD_BYTES = 1 << 20;
const ERROR_BODY_BYTES = 64 << 10;
const QUOTED_ERROR_LENGTH = 300;

/** The endpoint's URL for embeddings: `/embeddings` after the base URL's path, its query kept. */
export function embeddingsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/embeddings`;
  return url.toString();
}

/** Reads at most `limit` bytes of the body as text, or undefined when it is longer. */
async function readCapped(answer: EndpointAnswer, limit: number): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of answer.body) {
    length += chunk.byteLength;
    // Leaving the loop cancels the rest of the body.
    if (length > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The endpoint's words about a failure (OpenAI's `{ error: { message } }`, else its text), short and keyless. */
async function upstreamMessage(answer: EndpointAnswer, apiKey: string | undefined): Promise<string> {
  const text = (await readCapped(answer, ERROR_BODY_BYTES).catch(() => undefined)) ?? "";
  let message = text;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const candidate = typeof parsed.error === "object" ? parsed.error?.message : (parsed.error ?? parsed.message);
    if (typeof candidate === "string") message = candidate;
  } catch {
    // Not JSON: quote the text as it came.
  }
  if (apiKey) message = message.split(apiKey).join(REDACTED);
  message = message.replace(/\s+/g, " ").trim().slice(0, QUOTED_ERROR_LENGTH);
  return message ? `: ${message}` : "";
}

function failure(
  kind: EmbeddingFailureKind,
  retryable: boolean,
  message: string,
  extra: { cause?: unknown; retryAfterMs?: number | undefined } = {},
): EmbeddingsAttempt {
  const error = new EmbeddingProviderError(kind, message, { cause: extra.cause });
  return {
    ok: false,
    retryable,
    error,
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
  };
}

/** What a non-2xx answer means: 429, 408 and 5xx pass and are worth retrying; the rest are not. */
async function refusal(answer: EndpointAnswer, endpoint: EmbeddingsEndpoint): Promise<EmbeddingsAttempt> {
  const { status } = answer;
  const said = await upstreamMessage(answer, endpoint.apiKey);
  const retryAfterMs = requestedWaitMs(answer.headers);
  if (status === 429) {
    return failure("rate_limited", true, `The embedding endpoint is rate limiting requests (429)${said}`, {
      retryAfterMs,
    });
  }
  if (status >= 500 || status === 408) {
    return failure("upstream", true, `The embedding endpoint failed (${status})${said}`, { retryAfterMs });
  }
  if (status === 401 || status === 403) {
    return failure("configuration", false, `The embedding endpoint refused the model's API key (${status})${said}`);
  }
  if (status === 404) {
    return failure(
      "configuration",
      false,
      `The embedding endpoint or its model was not found (404); check baseUrl and model${said}`,
    );
  }
  if (status >= 300 && status < 400) {
    // Following it would reach an address nobody checked when the model was registered.
    const message = `The embedding endpoint answered with a redirect (${status}), which is not followed; set baseUrl to the URL it points to`;
    return failure("configuration", false, message);
  }
  return failure("upstream", false, `The embedding endpoint refused the request (${status})${said}`);
}

/** The vectors of a successful answer in input order, or what is wrong with the answer. */
export function vectorsFromAnswer(body: unknown, count: number, dimensions: number): number[][] | string {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return "The embedding endpoint's answer has no data array";
  if (data.length !== count) return `The embedding endpoint returned ${data.length} embeddings for ${count} texts`;
  const vectors = new Array<number[] | undefined>(count);
  for (const item of data as { index?: unknown; embedding?: unknown }[]) {
    const { index, embedding } = item ?? {};
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
      return `The embedding endpoint's answer has a missing, repeated or out-of-range index (${String(index)})`;
    }
    if (!Array.isArray(embedding)) {
      return `The embedding endpoint's embedding ${index} is not a list of numbers, as encoding_format "float" asks`;
    }
    if (embedding.length !== dimensions) {
      return (
        `The embedding endpoint returned ${embedding.length} dimensions for text ${index}, expected ${dimensions}; ` +
        "make the model's dimensions match the endpoint's, or set sendDimensions"
      );
    }
    const problem = checkVector(embedding as number[], dimensions, "l2");
    if (problem) return `The embedding endpoint's embedding ${index} is unusable: ${problem}`;
    vectors[index] = embedding as number[];
  }
  return vectors as number[][];
}

/** What the endpoint's answer means: its vectors in input order, or why they cannot be had. */
async function embeddingsOf(
  answer: EndpointAnswer,
  endpoint: EmbeddingsEndpoint,
  count: number,
  dimensions: number,
): Promise<EmbeddingsAttempt> {
  if (answer.status < 200 || answer.status >= 300) return refusal(answer, endpoint);
  const text = await readCapped(answer, RESPONSE_OVERHEAD_BYTES + count * dimensions * BYTES_PER_NUMBER);
  if (text === undefined) {
    return failure(
      "bad_response",
      false,
      "The embedding endpoint's answer is far larger than the embeddings asked for",
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const message = "The embedding endpoint answered with something that is not JSON";
    return failure("bad_response", false, message, { cause: error });
  }
  const vectors = vectorsFromAnswer(body, count, dimensions);
  return typeof vectors === "string" ? failure("bad_response", false, vectors) : { ok: true, vectors };
}

/** One POST to the endpoint under its own timeout and the caller's signal, never throwing. */
export async function requestEmbeddings(
  endpoint: EmbeddingsEndpoint,
  texts: string[],
  dimensions: number,
  callerSignal: AbortSignal | undefined,
): Promise<EmbeddingsAttempt> {
  const deadline = AbortSignal.timeout(endpoint.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const body = JSON.stringify({
    model: endpoint.model,
    input: texts,
    encoding_format: "float",
    ...(endpoint.sendDimensions ? { dimensions } : {}),
  });
  try {
    return await postToEndpoint(endpoint.connection, { headers, body }, signal, (answer) =>
      embeddingsOf(answer, endpoint, texts.length, dimensions),
    );
  } catch (error) {
    // The destination policy refused the endpoint's address: asking again will not change that.
    if (error instanceof EmbeddingProviderError) return { ok: false, retryable: false, error };
    if (callerSignal?.aborted) return { ok: false, retryable: false, error: cancelledError(callerSignal) };
    if (deadline.aborted) {
      const message = `The embedding endpoint did not answer within ${endpoint.timeoutMs} ms`;
      return failure("timeout", true, message, { cause: error });
    }
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === "string" ? ` (${code})` : "";
    return failure("upstream", true, `The embedding endpoint could not be reached${detail}`, { cause: error });
  }
}
