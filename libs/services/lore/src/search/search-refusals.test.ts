import { RefusalError } from "@cauldron/rpc";
import { TRPCClientError } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { asSemanticSearchRefusal, semanticSearchUnavailable } from "./search-refusals";

function vectorAnswer(data: Record<string, unknown>): TRPCClientError<AnyTRPCRouter> {
  return new TRPCClientError("Embedding quota used up", {
    result: { error: { code: -32029, message: "Embedding quota used up", data } },
  });
}

describe("asSemanticSearchRefusal", () => {
  it("passes on a refusal the caller can act on, with its reason and wait", () => {
    const refusal = asSemanticSearchRefusal(
      vectorAnswer({ code: "TOO_MANY_REQUESTS", httpStatus: 429, reason: "quota_exceeded", retryAfterSeconds: 30 }),
    );
    expect(refusal).toBeInstanceOf(RefusalError);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "quota_exceeded", retryAfterSeconds: 30 });
  });

  it("leaves any other failure as it is", () => {
    const badRequest = vectorAnswer({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(asSemanticSearchRefusal(badRequest)).toBe(badRequest);
    const plain = new Error("boom");
    expect(asSemanticSearchRefusal(plain)).toBe(plain);
  });
});

describe("semanticSearchUnavailable", () => {
  it("names the setting that is missing", () => {
    expect(semanticSearchUnavailable("hybrid").message).toContain("SERVICE_TOKEN_SECRET");
  });
});
