import { RefusalError } from "@cauldron/rpc";
import { describe, expect, it } from "vitest";
import { EmbeddingProviderError, type EmbeddingFailureKind } from "../providers";
import { providerRefusal } from "./provider-refusal";

const model = { name: "remote-embedder" };
const SECRET = "sk-live-do-not-show";

function refusalFor(kind: EmbeddingFailureKind, options: { retryAfterSeconds?: number } = {}) {
  return providerRefusal(new EmbeddingProviderError(kind, `endpoint said: key ${SECRET} rejected`, options), model);
}

describe("providerRefusal", () => {
  it("tells the caller to send vectors when the model is precomputed", () => {
    const refusal = refusalFor("unsupported");
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.message).toContain("send a vector with every item");
  });

  it("answers upstream failures and unusable answers with BAD_GATEWAY and a reason", () => {
    for (const kind of ["upstream", "bad_response"] as const) {
      const refusal = refusalFor(kind);
      expect(refusal.code).toBe("BAD_GATEWAY");
      expect((refusal as RefusalError).reason).toBe("embedding_provider_failed");
    }
  });

  it("answers a timeout with TIMEOUT and a misconfigured model with PRECONDITION_FAILED", () => {
    expect(refusalFor("timeout").code).toBe("TIMEOUT");
    expect(refusalFor("configuration").code).toBe("PRECONDITION_FAILED");
  });

  it("passes the endpoint's wait on as retryAfterSeconds, at least one second", () => {
    const limited = refusalFor("rate_limited", { retryAfterSeconds: 12 }) as RefusalError;
    expect([limited.code, limited.reason, limited.retryAfterSeconds]).toEqual([
      "TOO_MANY_REQUESTS",
      "rate_limited",
      12,
    ]);
    expect((refusalFor("rate_limited") as RefusalError).retryAfterSeconds).toBe(1);
  });

  it("never repeats the provider's own message, which may quote the endpoint or a key", () => {
    const kinds: EmbeddingFailureKind[] = [
      "unsupported",
      "configuration",
      "upstream",
      "timeout",
      "rate_limited",
      "bad_response",
    ];
    for (const kind of kinds) {
      const refusal = refusalFor(kind);
      expect(refusal.message).toContain("remote-embedder");
      expect(refusal.message).not.toContain(SECRET);
      expect(refusal.message).not.toContain("endpoint said");
    }
  });
});
