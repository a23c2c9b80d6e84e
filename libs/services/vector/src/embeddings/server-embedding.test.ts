import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

const API_KEY = "sk-test-secret-key-0123456789";
const DIMENSIONS = 4;

type Answer = { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number };

let kit: VectorTestKit;
let endpoint: Server;
let baseUrl: string;
let nextAnswer: (texts: string[]) => Answer;

function embeddingsFor(texts: string[]): Answer {
  return {
    status: 200,
    body: { data: texts.map((text, index) => ({ index, embedding: [text.length, 1, 2, 3] })) },
  };
}

async function startEndpoint(): Promise<void> {
  endpoint = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const { input } = JSON.parse(body) as { input: string[] };
      const answer = nextAnswer(input);
      setTimeout(() => {
        response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        response.end(JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/v1`;
}

async function registerEndpointModel(organizationId: string, settings: { timeoutMs?: number } = {}): Promise<string> {
  const row = await kit.database.ownerDb
    .insertInto("vector.embedding_models")
    .values({
      organization_id: organizationId,
      name: settings.timeoutMs === undefined ? "remote-4" : "impatient-4",
      provider: "openai-compatible",
      dimensions: DIMENSIONS,
      configuration: JSON.stringify({ baseUrl, model: "fake-embedder", apiKey: API_KEY, maxRetries: 0, ...settings }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  await startEndpoint();
  kit = await startVectorTestKit(
    {
      config: { VECTOR_EMBED_CALLS_PER_HOUR: 6, VECTOR_EMBEDDING_PRIVATE_HOSTS: ["127.0.0.1"] },
      providers: { retryTiming: { baseDelayMs: 1, maxDelayMs: 2 } },
    },
    { workers: false },
  );
});

afterAll(async () => {
  await kit?.close();
  await new Promise((resolve) => endpoint?.close(resolve));
});

describe("embedding text on the server", () => {
  let org: VectorTestOrganization;
  let modelId: string;

  beforeAll(async () => {
    org = await kit.createOrganization("remote");
    modelId = await registerEndpointModel(org.id);
  });

  it("embeds items without a vector through the model's endpoint and keeps the vectors sent", async () => {
    nextAnswer = embeddingsFor;
    const result = await kit.ownerOf(org).vector.embeddings.upsert.mutate({
      modelId,
      items: [{ content: "abc" }, { content: "sent", vector: [9, 9, 9, 9] }, { content: "abcdef" }],
    });
    const { items } = await kit.ownerOf(org).vector.embeddings.get.query({
      ids: result.items.map((item) => item.id),
      includeVectors: true,
    });
    expect(items.map((item) => item.vector)).toEqual([
      [3, 1, 2, 3],
      [9, 9, 9, 9],
      [6, 1, 2, 3],
    ]);
  });

  it("answers BAD_GATEWAY when the endpoint fails, without its body or the API key", async () => {
    nextAnswer = () => ({ status: 500, body: { error: { message: `backend exploded; key was ${API_KEY}` } } });
    const failure = await failureOf(
      kit.ownerOf(org).vector.embeddings.upsert.mutate({ modelId, items: [{ content: "doomed" }] }),
    );
    expect(failure.data).toMatchObject({ code: "BAD_GATEWAY", reason: "embedding_provider_failed" });
    expect(failure.message).toContain("remote-4");
    expect(failure.message).not.toContain(API_KEY);
    expect(failure.message).not.toContain("exploded");
  });

  it("answers BAD_GATEWAY when the endpoint returns vectors of the wrong size", async () => {
    nextAnswer = (texts) => ({
      status: 200,
      body: { data: texts.map((_, index) => ({ index, embedding: [1, 2] })) },
    });
    const failure = await failureOf(
      kit.ownerOf(org).vector.embeddings.upsert.mutate({ modelId, items: [{ content: "short" }] }),
    );
    expect(failure.data).toMatchObject({ code: "BAD_GATEWAY", reason: "embedding_provider_failed" });
  });

  it("answers TOO_MANY_REQUESTS with the endpoint's wait when it rate limits", async () => {
    nextAnswer = () => ({ status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after": "7" } });
    const failure = await failureOf(
      kit.ownerOf(org).vector.embeddings.upsert.mutate({ modelId, items: [{ content: "hurried" }] }),
    );
    expect(failure.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "rate_limited", retryAfterSeconds: 7 });
  });

  it("answers TIMEOUT when the endpoint does not answer within the model's timeout", async () => {
    const impatient = await registerEndpointModel(org.id, { timeoutMs: 100 });
    nextAnswer = (texts) => ({ ...embeddingsFor(texts), delayMs: 1_000 });
    const failure = await failureOf(
      kit.ownerOf(org).vector.embeddings.upsert.mutate({ modelId: impatient, items: [{ content: "waiting" }] }),
    );
    expect(failure.data).toMatchObject({ code: "TIMEOUT", reason: "embedding_provider_failed" });
  });

  it("answers PRECONDITION_FAILED when the endpoint refuses the API key, without the key", async () => {
    nextAnswer = () => ({ status: 401, body: { error: { message: `bad key ${API_KEY}` } } });
    const failure = await failureOf(
      kit.ownerOf(org).vector.embeddings.upsert.mutate({ modelId, items: [{ content: "locked out" }] }),
    );
    expect(failure.data).toMatchObject({ code: "PRECONDITION_FAILED", reason: "embedding_provider_failed" });
    expect(failure.message).not.toContain(API_KEY);
  });
});

describe("the embedding quota", () => {
  it("counts each call that embeds text, not calls that send vectors or fail on the model's configuration", async () => {
    const org = await kit.createOrganization("quota");
    const modelId = await registerEndpointModel(org.id);
    const client = kit.ownerOf(org);
    nextAnswer = () => ({ status: 401, body: { error: { message: "no such key" } } });
    for (let call = 0; call < 3; call += 1) {
      const refused = await failureOf(
        client.vector.embeddings.upsert.mutate({ modelId, items: [{ content: "locked" }] }),
      );
      expect(refused.data.code).toBe("PRECONDITION_FAILED");
    }
    nextAnswer = embeddingsFor;
    for (let call = 0; call < 6; call += 1) {
      await client.vector.embeddings.upsert.mutate({ modelId, items: [{ content: `text ${call}` }] });
    }
    await client.vector.embeddings.upsert.mutate({ modelId, items: [{ content: "vector", vector: [1, 2, 3, 4] }] });
    const failure = await failureOf(
      client.vector.embeddings.upsert.mutate({ modelId, items: [{ content: "one more" }] }),
    );
    expect(failure.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "quota_exceeded" });
    expect(failure.data.retryAfterSeconds).toBeGreaterThan(0);
  });
});
