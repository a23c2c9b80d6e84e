import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  startFakeOpenAiEmbeddingsServer,
  type FakeOpenAiEmbeddingsServer,
} from "../testing/fake-openai-embeddings-server";
import { EmbeddingProviderError } from "./embedding-provider";
import { hashEmbedding } from "./hash-provider";
import { providerFor } from "./provider-for";
import { emptyTextVector } from "./unit-vector";

const API_KEY = "sk-test-0123456789abcdef";
const DIMENSIONS = 64;
// The fake endpoint listens on loopback, which a deployment must allow like any private host.
const FAST_RETRIES = { retryTiming: { baseDelayMs: 1, maxDelayMs: 5 }, privateHostsAllowed: ["127.0.0.1"] };

let server: FakeOpenAiEmbeddingsServer;

beforeAll(async () => {
  server = await startFakeOpenAiEmbeddingsServer({ apiKey: API_KEY, dimensions: DIMENSIONS });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.requests.length = 0;
});

function endpointModel(configuration: Record<string, unknown> = {}, dimensions = DIMENSIONS) {
  return providerFor(
    {
      id: "5f0c2b1e-8d7a-4c4e-9a51-0e6d3c2b1a00",
      provider: "openai-compatible",
      dimensions,
      configuration: { baseUrl: server.url, model: "text-embedding-test", apiKey: API_KEY, ...configuration },
    },
    FAST_RETRIES,
  );
}

async function failureOf(work: Promise<unknown>): Promise<EmbeddingProviderError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EmbeddingProviderError);
  return error as EmbeddingProviderError;
}

const texts = (count: number) => Array.from({ length: count }, (_, i) => `passage ${i} about topic ${i % 7}`);

describe("the openai-compatible provider", () => {
  it("posts the model, the texts and float encoding with the bearer key", async () => {
    const vectors = await endpointModel().embed(["first text", "second text"], { dimensions: DIMENSIONS });
    expect(vectors).toEqual([hashEmbedding("first text", DIMENSIONS), hashEmbedding("second text", DIMENSIONS)]);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/embeddings");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({
      model: "text-embedding-test",
      input: ["first text", "second text"],
      encoding_format: "float",
    });
  });

  it("sends dimensions only when the model is configured to", async () => {
    await endpointModel({ sendDimensions: true }, 32).embed(["shortened"], { dimensions: 32 });
    expect(server.requests[0]?.body).toMatchObject({ dimensions: 32 });
  });

  it("splits 250 texts into batches of 100 and keeps every vector in input order", async () => {
    const input = texts(250);
    const vectors = await endpointModel({ batchSize: 100 }).embed(input, { dimensions: DIMENSIONS });
    expect(server.requests.map((request) => (request.body as { input: string[] }).input.length)).toEqual([
      100, 100, 50,
    ]);
    expect(vectors).toEqual(input.map((text) => hashEmbedding(text, DIMENSIONS)));
  });

  it("does not send blank texts, and gives them the empty-text vector", async () => {
    const vectors = await endpointModel().embed(["", "words here", "   "], { dimensions: DIMENSIONS });
    expect((server.requests[0]?.body as { input: string[] }).input).toEqual(["words here"]);
    expect(vectors).toEqual([
      emptyTextVector(DIMENSIONS),
      hashEmbedding("words here", DIMENSIONS),
      emptyTextVector(DIMENSIONS),
    ]);
  });

  it("retries after a 429 and after a 500, then succeeds", async () => {
    server.failNext(1, { kind: "rate_limited" });
    server.failNext(1, { kind: "server_error" });
    const vectors = await endpointModel().embed(["retried"], { dimensions: DIMENSIONS });
    expect(vectors).toEqual([hashEmbedding("retried", DIMENSIONS)]);
    expect(server.requests).toHaveLength(3);
  });

  it("reports rate limiting with a wait once the retries are spent", async () => {
    server.failNext(3, { kind: "rate_limited", retryAfterSeconds: 0 });
    const error = await failureOf(endpointModel({ maxRetries: 2 }).embed(["busy"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.message).toContain("after 3 attempts");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up at once when Retry-After asks for longer than it will wait, passing the wait on", async () => {
    server.failNext(1, { kind: "rate_limited", retryAfterSeconds: 120 });
    const error = await failureOf(endpointModel().embed(["busy"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(120);
    expect(server.requests).toHaveLength(1);
  });

  it("reports a server that keeps failing as upstream after its retries", async () => {
    server.failNext(2, { kind: "server_error", status: 503 });
    const error = await failureOf(endpointModel({ maxRetries: 1 }).embed(["down"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("503");
    expect(server.requests).toHaveLength(2);
  });

  it("abandons an attempt at its timeout, retries it, and reports a timeout when all are too slow", async () => {
    server.failNext(2, { kind: "slow", delayMs: 5_000 });
    const error = await failureOf(
      endpointModel({ timeoutMs: 150, maxRetries: 1 }).embed(["slow"], { dimensions: DIMENSIONS }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("150 ms");
    expect(server.requests).toHaveLength(2);
  });

  it("gets the answer on the next attempt after one slow one", async () => {
    server.failNext(1, { kind: "slow", delayMs: 5_000 });
    const vectors = await endpointModel({ timeoutMs: 150 }).embed(["eventually"], { dimensions: DIMENSIONS });
    expect(vectors).toEqual([hashEmbedding("eventually", DIMENSIONS)]);
    expect(server.requests).toHaveLength(2);
  });

  it("stops, without retrying, when the caller cancels", async () => {
    server.failNext(1, { kind: "slow", delayMs: 5_000 });
    const caller = new AbortController();
    const embedding = endpointModel().embed(["cancelled"], { dimensions: DIMENSIONS, signal: caller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    caller.abort();
    const error = await failureOf(embedding);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("cancelled");
    expect(server.requests).toHaveLength(1);
  });

  it("refuses vectors of the wrong length, naming expected and received, without retrying", async () => {
    server.failNext(1, { kind: "wrong_length" });
    const error = await failureOf(endpointModel().embed(["short"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain(`returned ${DIMENSIONS - 1} dimensions`);
    expect(error.message).toContain(`expected ${DIMENSIONS}`);
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a model whose dimensions differ from what the endpoint returns", async () => {
    const error = await failureOf(endpointModel({}, 128).embed(["mismatch"], { dimensions: 128 }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("expected 128");
  });

  it("reports a refused key as a configuration problem, without the key, and does not retry", async () => {
    const wrongKey = "sk-wrong-key-should-never-appear";
    const error = await failureOf(endpointModel({ apiKey: wrongKey }).embed(["text"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("configuration");
    expect(error.message).toContain("(401): Incorrect API key provided: [redacted]");
    expect(error.message).not.toContain(wrongKey);
    expect(server.requests).toHaveLength(1);
  });

  it("reports an endpoint that cannot be reached as upstream after its retries", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = providerFor(
      {
        id: "5f0c2b1e-8d7a-4c4e-9a51-0e6d3c2b1a01",
        provider: "openai-compatible",
        dimensions: DIMENSIONS,
        configuration: { baseUrl: `http://127.0.0.1:${port}/v1`, model: "m", maxRetries: 1 },
      },
      FAST_RETRIES,
    );
    const error = await failureOf(unreachable.embed(["nobody home"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("could not be reached");
    expect(error.message).toContain("after 2 attempts");
  });

  it("sends every batch under a configured request rate", async () => {
    const input = texts(5);
    const vectors = await endpointModel({ batchSize: 1, requestsPerSecond: 1_000 }).embed(input, {
      dimensions: DIMENSIONS,
    });
    expect(vectors).toEqual(input.map((text) => hashEmbedding(text, DIMENSIONS)));
    expect(server.requests).toHaveLength(5);
  });
});
