import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hashEmbedding } from "../providers";

/** How the server misbehaves for one request. */
export type FakeEmbeddingsFailure =
  /** 429 with `Retry-After: <retryAfterSeconds>` (0 unless given). */
  | { kind: "rate_limited"; retryAfterSeconds?: number }
  /** A server error, 500 unless given. */
  | { kind: "server_error"; status?: number }
  /** Answers correctly, but only after `delayMs`, e.g. longer than the client's timeout. */
  | { kind: "slow"; delayMs: number }
  /** Answers 200 with vectors one number short. */
  | { kind: "wrong_length" };

/** One request as the server received it. */
export interface RecordedEmbeddingsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

export interface FakeOpenAiEmbeddingsServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others are answered 401. */
  apiKey?: string;
  /** Dimensions of the vectors when a request does not send `dimensions`; 64 unless given. */
  dimensions?: number;
  /** Lists `data` last input first, since real endpoints promise no order; true unless given. */
  reverseOrder?: boolean;
}

/** A real HTTP server on loopback speaking the OpenAI embeddings wire format, for tests. */
export interface FakeOpenAiEmbeddingsServer {
  /** `http://127.0.0.1:<port>/v1`, for a model's `baseUrl`. */
  url: string;
  /** Every request received, failed ones included, in arrival order. */
  requests: RecordedEmbeddingsRequest[];
  /** Makes each of the next `count` requests fail as `failure` says (queued after earlier ones). */
  failNext(count: number, failure: FakeEmbeddingsFailure): void;
  close(): Promise<void>;
}

interface EmbeddingsBody {
  model: string;
  input: string[];
  dimensions: number | undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  sendJson(response, status, { error: { message, type: "invalid_request_error", code: null } }, headers);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The request's model, inputs and dimensions, or why the real API would answer 400. */
function embeddingsBody(body: unknown): EmbeddingsBody | string {
  const { model, input, dimensions } = (body ?? {}) as Record<string, unknown>;
  if (typeof model !== "string" || model === "") return "you must provide a model parameter";
  const inputs = typeof input === "string" ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((text) => typeof text === "string" && text)) {
    return "'input' must be a non-empty string or a non-empty array of non-empty strings";
  }
  if (dimensions !== undefined && (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1)) {
    return "'dimensions' must be a positive integer";
  }
  return { model, input: inputs as string[], dimensions };
}

/** Starts the server on an ephemeral loopback port. */
export async function startFakeOpenAiEmbeddingsServer(
  options: FakeOpenAiEmbeddingsServerOptions = {},
): Promise<FakeOpenAiEmbeddingsServer> {
  const requests: RecordedEmbeddingsRequest[] = [];
  const failures: FakeEmbeddingsFailure[] = [];
  const delays = new Set<NodeJS.Timeout>();
  const reverseOrder = options.reverseOrder ?? true;

  const answer = (response: ServerResponse, request: EmbeddingsBody, shortBy: number) => {
    const dimensions = request.dimensions ?? options.dimensions ?? 64;
    const data = request.input.map((text, index) => ({
      object: "embedding",
      index,
      embedding: hashEmbedding(text, dimensions).slice(0, dimensions - shortBy),
    }));
    if (reverseOrder) data.reverse();
    const tokens = request.input.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    sendJson(response, 200, {
      object: "list",
      data,
      model: request.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const text = await readBody(request);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Recorded as the raw text; answered 400 below.
    }
    requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body });
    if (request.method !== "POST" || request.url?.split("?")[0] !== "/v1/embeddings") {
      return sendError(response, 404, `Unknown request URL: ${request.method} ${request.url}`);
    }
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      // Echoes the key it got, as careless servers do, so tests can check clients keep it out of errors.
      const received = request.headers.authorization?.replace(/^Bearer /, "") ?? "none";
      return sendError(response, 401, `Incorrect API key provided: ${received}`);
    }
    const failure = failures.shift();
    if (failure?.kind === "rate_limited") {
      const retryAfter = String(failure.retryAfterSeconds ?? 0);
      return sendError(response, 429, "Rate limit reached for requests", { "retry-after": retryAfter });
    }
    if (failure?.kind === "server_error") {
      return sendError(response, failure.status ?? 500, "The server had an error while processing your request");
    }
    const parsed = typeof body === "string" ? "We could not parse the JSON body of your request" : embeddingsBody(body);
    if (typeof parsed === "string") return sendError(response, 400, parsed);
    if (failure?.kind === "slow") {
      const timer = setTimeout(() => {
        delays.delete(timer);
        answer(response, parsed, 0);
      }, failure.delayMs);
      delays.add(timer);
      return;
    }
    answer(response, parsed, failure?.kind === "wrong_length" ? 1 : 0);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    async close() {
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
