import { describe, expect, it } from "vitest";
import {
  checkModelDimensions,
  embeddingProviderConfigSchema,
  redactProviderConfiguration,
} from "./provider-configuration";

const openAi = embeddingProviderConfigSchema("openai-compatible");

describe("embedding provider configuration", () => {
  it("fills in the openai-compatible defaults and keeps the key as given", () => {
    expect(
      openAi.parse({ baseUrl: "https://api.example.com/v1", model: "text-embedding-3-small", apiKey: "sk-1" }),
    ).toEqual({
      baseUrl: "https://api.example.com/v1",
      model: "text-embedding-3-small",
      apiKey: "sk-1",
      batchSize: 96,
      timeoutMs: 30_000,
      maxRetries: 4,
      sendDimensions: false,
    });
  });

  it("refuses a base URL that is not http(s), or that carries credentials", () => {
    const refused = (baseUrl: string) =>
      openAi
        .safeParse({ baseUrl, model: "m" })
        .error?.issues.map((issue) => issue.message)
        .join("; ");
    expect(refused("ftp://files.example.com/v1")).toContain("http or https URL");
    expect(refused("not a url")).toContain("http or https URL");
    expect(refused("https://user:secret@api.example.com/v1")).toContain("put the key in apiKey");
    expect(refused("http://127.0.0.1:8080/v1")).toBeUndefined();
  });

  it("bounds batch size, timeout, retries and request rate", () => {
    const base = { baseUrl: "https://api.example.com/v1", model: "m" };
    expect(openAi.safeParse({ ...base, batchSize: 2049 }).error?.issues[0]?.message).toContain("at most 2048");
    expect(openAi.safeParse({ ...base, batchSize: 2048 }).success).toBe(true);
    expect(openAi.safeParse({ ...base, timeoutMs: 1.5 }).success).toBe(false);
    expect(openAi.safeParse({ ...base, maxRetries: -1 }).success).toBe(false);
    expect(openAi.safeParse({ ...base, requestsPerSecond: 0 }).success).toBe(false);
    expect(openAi.safeParse({ ...base, requestsPerSecond: 0.5 }).success).toBe(true);
  });

  it("refuses unknown keys instead of ignoring a misspelt setting", () => {
    const issues = openAi.safeParse({ baseUrl: "https://api.example.com/v1", model: "m", batch_size: 10 }).error
      ?.issues;
    expect(issues?.[0]?.code).toBe("unrecognized_keys");
    expect(embeddingProviderConfigSchema("hash").safeParse({}).success).toBe(true);
    expect(embeddingProviderConfigSchema("glove").safeParse({ file: "/etc/passwd" }).success).toBe(false);
    expect(embeddingProviderConfigSchema("precomputed").safeParse({ anything: 1 }).success).toBe(false);
  });

  it("shows configurations with the API key redacted and everything else as stored", () => {
    const stored = { baseUrl: "https://api.example.com/v1", model: "m", apiKey: "sk-secret", batchSize: 10 };
    expect(redactProviderConfiguration(stored)).toEqual({ ...stored, apiKey: "[redacted]" });
    expect(stored.apiKey).toBe("sk-secret");
    expect(redactProviderConfiguration({ baseUrl: "https://api.example.com/v1", model: "m" })).toEqual({
      baseUrl: "https://api.example.com/v1",
      model: "m",
    });
  });

  it("holds the word vector model to its 100 dimensions", () => {
    expect(checkModelDimensions("glove", 100)).toBeNull();
    expect(checkModelDimensions("glove", 384)).toContain("produces 100 dimensions");
    expect(checkModelDimensions("hash", 384)).toBeNull();
    expect(checkModelDimensions("openai-compatible", 0)).toContain("from 1 to 16000");
    expect(checkModelDimensions("precomputed", 16_001)).toContain("from 1 to 16000");
    expect(checkModelDimensions("hash", 2.5)).toContain("whole number");
  });
});
