import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationKeyOf } from "./signature-check";
import { createVerifiedTokens } from "./verified-tokens";

const key = verificationKeyOf(generateKeyPairSync("ed25519").publicKey);

describe("verified tokens", () => {
  it("recall a remembered token until its expiry and never after", () => {
    const tokens = createVerifiedTokens<string>(10);
    tokens.remember("a.b.c", { answer: "ada", expiresAt: 1_000, key });
    expect(tokens.recall("a.b.c", 999)?.answer).toBe("ada");
    expect(tokens.recall("a.b.c", 1_000)).toBeUndefined();
    expect(tokens.recall("a.b.c", 999)).toBeUndefined();
  });

  it("recall a token valid from a moment only from that moment on", () => {
    const tokens = createVerifiedTokens<string>(10);
    tokens.remember("a.b.c", { answer: "ada", expiresAt: 1_000, notBefore: 500, key });
    expect(tokens.recall("a.b.c", 500)?.answer).toBe("ada");
    expect(tokens.recall("a.b.c", 499)).toBeUndefined();
  });

  it("recall only the exact token that was remembered", () => {
    const tokens = createVerifiedTokens<string>(10);
    tokens.remember("a.b.c", { answer: "ada", expiresAt: 1_000, key });
    expect(tokens.recall("a.b.C", 0)).toBeUndefined();
    expect(tokens.recall("a.b.c ", 0)).toBeUndefined();
  });

  it("hold at most their capacity, letting the oldest go first", () => {
    const tokens = createVerifiedTokens<number>(2);
    for (const index of [1, 2, 3]) tokens.remember(`token-${index}`, { answer: index, expiresAt: 1_000, key });
    expect(tokens.recall("token-1", 0)).toBeUndefined();
    expect(tokens.recall("token-2", 0)?.answer).toBe(2);
    expect(tokens.recall("token-3", 0)?.answer).toBe(3);
  });
});
