import { describe, expect, it } from "vitest";
import { EmbeddingProviderError, type ProviderModel } from "./embedding-provider";
import { createEmbeddingProviders } from "./embedding-providers";
import { hashEmbedding } from "./hash-provider";
import { providerFor } from "./provider-for";

const model = (overrides: Partial<ProviderModel> = {}): ProviderModel => ({
  id: "0c4a1d70-e3b0-4c38-9a84-000000000384",
  provider: "hash",
  dimensions: 384,
  configuration: {},
  ...overrides,
});

function failureOf(work: () => unknown): EmbeddingProviderError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(EmbeddingProviderError);
    return error as EmbeddingProviderError;
  }
  throw new Error("expected a failure");
}

describe("choosing a model's provider", () => {
  it("embeds with the hash provider for a hash model", async () => {
    const provider = providerFor(model());
    expect(provider.name).toBe("hash");
    expect(await provider.embed(["tenant search"], { dimensions: 384 })).toEqual([hashEmbedding("tenant search", 384)]);
  });

  it("refuses to embed for a precomputed model, telling the caller to send vectors", async () => {
    const provider = providerFor(model({ provider: "precomputed", dimensions: 3 }));
    const error = await provider.embed(["text"], { dimensions: 3 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(EmbeddingProviderError);
    expect(error).toMatchObject({ kind: "unsupported", message: expect.stringContaining("send each item's vector") });
  });

  it("refuses an invalid stored configuration, naming the field", () => {
    const error = failureOf(() =>
      providerFor(model({ provider: "openai-compatible", configuration: { baseUrl: "https://api.example.com/v1" } })),
    );
    expect(error.kind).toBe("configuration");
    expect(error.message).toContain("model:");
  });

  it("refuses word vector models of any size but 100", async () => {
    expect(failureOf(() => providerFor(model({ provider: "glove", dimensions: 300 }))).kind).toBe("configuration");
    const provider = providerFor(model({ provider: "glove", dimensions: 100 }));
    const error = await provider.embed(["text"], { dimensions: 50 }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ kind: "configuration" });
  });

  it("never shows the API key in a configuration failure", () => {
    const apiKey = "sk-do-not-show-this-key";
    const error = failureOf(() =>
      providerFor(model({ provider: "openai-compatible", configuration: { baseUrl: "ftp://x", model: "m", apiKey } })),
    );
    expect(error.message).not.toContain(apiKey);
  });
});

describe("keeping providers per model", () => {
  it("reuses a model's provider until its settings change", () => {
    const providers = createEmbeddingProviders();
    const endpoint = {
      id: "5f0c2b1e-8d7a-4c4e-9a51-0e6d3c2b1a00",
      provider: "openai-compatible" as const,
      dimensions: 8,
      configuration: { baseUrl: "https://api.example.com/v1", model: "m", requestsPerSecond: 2 },
    };
    const first = providers.forModel(endpoint);
    expect(providers.forModel({ ...endpoint, configuration: { ...endpoint.configuration } })).toBe(first);
    expect(
      providers.forModel({ ...endpoint, configuration: { ...endpoint.configuration, requestsPerSecond: 5 } }),
    ).not.toBe(first);
    expect(providers.forModel({ ...endpoint, id: "5f0c2b1e-8d7a-4c4e-9a51-0e6d3c2b1a01" })).not.toBe(first);
  });
});
