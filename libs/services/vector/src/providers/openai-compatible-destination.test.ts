import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startFakeOpenAiEmbeddingsServer,
  type FakeOpenAiEmbeddingsServer,
} from "../testing/fake-openai-embeddings-server";
import { EmbeddingProviderError, type EmbeddingProvider } from "./embedding-provider";
import { hashEmbedding } from "./hash-provider";
import { providerFor } from "./provider-for";

const DIMENSIONS = 16;
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

let server: FakeOpenAiEmbeddingsServer;
let port: number;

beforeAll(async () => {
  server = await startFakeOpenAiEmbeddingsServer({ dimensions: DIMENSIONS });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.requests.length = 0;
});

function endpointAt(baseUrl: string, privateHostsAllowed?: string[]): EmbeddingProvider {
  return providerFor(
    {
      id: "9d3e6a52-1f0b-4b8e-8f5c-4c1d2e3f4a50",
      provider: "openai-compatible",
      dimensions: DIMENSIONS,
      configuration: { baseUrl, model: "text-embedding-test", maxRetries: 3 },
    },
    { retryTiming: FAST_RETRIES, ...(privateHostsAllowed ? { privateHostsAllowed } : {}) },
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

const allowHint = "allow it with VECTOR_EMBEDDING_PRIVATE_HOSTS";

describe("where the openai-compatible provider may connect", () => {
  it("refuses 127.0.0.1 unless allowed, once and without retrying, and no request reaches the endpoint", async () => {
    const error = await failureOf(endpointAt(server.url).embed(["internal"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("configuration");
    expect(error.message).toBe(`The embedding endpoint's host 127.0.0.1 is a private address (loopback); ${allowHint}`);
    expect(server.requests).toEqual([]);
  });

  it("refuses a name that resolves to loopback when connecting, before any request is sent", async () => {
    const error = await failureOf(
      endpointAt(`http://localhost:${port}/v1`).embed(["by name"], { dimensions: DIMENSIONS }),
    );
    expect(error.kind).toBe("configuration");
    expect(error.message).toBe(`The embedding endpoint's host localhost resolves to a private address; ${allowHint}`);
    expect(server.requests).toEqual([]);
  });

  it("refuses IPv6 loopback and the IPv4-mapped form of 127.0.0.1 even when 127.0.0.1's name is allowed", async () => {
    for (const host of ["[::1]", "[::ffff:127.0.0.1]"]) {
      const error = await failureOf(
        endpointAt(`http://${host}:${port}/v1`, ["localhost"]).embed(["v6"], { dimensions: DIMENSIONS }),
      );
      expect(error.kind, host).toBe("configuration");
      expect(error.message, host).toContain("is a private address (loopback)");
    }
    expect(server.requests).toEqual([]);
  });

  it("reaches an allowed host by name, by address or inside an allowed CIDR range", async () => {
    const reached = [
      endpointAt(`http://localhost:${port}/v1`, ["localhost"]),
      endpointAt(server.url, ["127.0.0.1"]),
      endpointAt(server.url, ["10.0.0.0/8", "127.0.0.0/8"]),
      endpointAt(`http://localhost:${port}/v1`, ["127.0.0.0/8"]),
    ];
    for (const provider of reached) {
      expect(await provider.embed(["allowed"], { dimensions: DIMENSIONS })).toEqual([
        hashEmbedding("allowed", DIMENSIONS),
      ]);
    }
    expect(server.requests).toHaveLength(reached.length);
  });

  it("refuses an address outside the allowed range", async () => {
    const error = await failureOf(endpointAt(server.url, ["127.0.0.2/32"]).embed(["near"], { dimensions: DIMENSIONS }));
    expect(error.kind).toBe("configuration");
    expect(server.requests).toEqual([]);
  });

  it("refuses a deployment whose allow-list holds something that is no host, address or range", () => {
    expect(() => endpointAt(server.url, ["http://127.0.0.1"])).toThrow(
      expect.objectContaining({
        kind: "configuration",
        message: expect.stringContaining("VECTOR_EMBEDDING_PRIVATE_HOSTS"),
      }),
    );
  });
});

describe("redirects from an embedding endpoint", () => {
  let redirecting: Server;
  let redirectingUrl: string;

  beforeAll(async () => {
    redirecting = createServer((_request, response) => {
      response.writeHead(307, { location: `${server.url}/embeddings` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    redirectingUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    redirecting.closeAllConnections();
    await new Promise<void>((resolve) => redirecting.close(() => resolve()));
  });

  it("are not followed, even to an allowed host, and are reported as a configuration problem", async () => {
    const error = await failureOf(
      endpointAt(redirectingUrl, ["127.0.0.1"]).embed(["moved"], { dimensions: DIMENSIONS }),
    );
    expect(error.kind).toBe("configuration");
    expect(error.message).toContain("redirect (307), which is not followed");
    expect(server.requests).toEqual([]);
  });
});
