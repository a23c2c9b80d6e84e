import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_SIGNED_TOKEN_LENGTH, signToken, verifyToken, type SignedClaims, type SignedTarget } from "./signed-token";
import { parseSigningKeyRing } from "./signing-keys";

const SECRET_1 = "first-secret-that-is-long-enough-012345";
const SECRET_2 = "second-secret-that-is-long-enough-0123";
const ring = parseSigningKeyRing(`k1:${SECRET_1}`);
const rotated = parseSigningKeyRing(`k2:${SECRET_2},k1:${SECRET_1}`);

const now = new Date("2026-12-02T10:00:00Z");
const nowSeconds = now.getTime() / 1000;
const target: SignedTarget = {
  op: "download",
  org: "3f1c2a4e-8d4b-4a57-9d7e-0c5b1e2f3a4b",
  bucket: "avatars",
  path: "team/ré sumé.pdf",
};
const claims: SignedClaims = { ...target, exp: nowSeconds + 60 };

function withClaims(token: string, replacement: object): string {
  const [, keyId, signature] = token.split(".");
  return `${Buffer.from(JSON.stringify(replacement)).toString("base64url")}.${keyId}.${signature}`;
}

describe("signed link tokens", () => {
  it("verifies a token for the request it was signed for and gives its claims back", () => {
    const upload: SignedClaims = { ...target, op: "upload", exp: nowSeconds + 60, maxBytes: 1_000, upsert: true };
    const token = signToken(ring, upload);
    expect(verifyToken(ring, token, { ...target, op: "upload" }, now)).toEqual({ ok: true, claims: upload });
  });

  it("names the signing key in the middle part and carries the claims as base64url JSON", () => {
    const [encodedClaims, keyId] = signToken(rotated, claims).split(".");
    expect(keyId).toBe("k2");
    expect(JSON.parse(Buffer.from(encodedClaims!, "base64url").toString("utf8"))).toEqual(claims);
  });

  it("keeps tokens of a previous key valid after rotation, and refuses them once that key is dropped", () => {
    const oldToken = signToken(ring, claims);
    expect(verifyToken(rotated, oldToken, target, now).ok).toBe(true);
    const withoutOld = parseSigningKeyRing(`k2:${SECRET_2}`);
    expect(verifyToken(withoutOld, oldToken, target, now)).toEqual({ ok: false, reason: "unknown_key" });
  });

  it("refuses a token whose claims were changed after signing", () => {
    const token = signToken(ring, claims);
    const longer = withClaims(token, { ...claims, exp: nowSeconds + 86_400 });
    expect(verifyToken(ring, longer, target, now)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a token moved to another key id, even one sharing the secret", () => {
    const twins = parseSigningKeyRing(`a:${SECRET_1},b:${SECRET_1}`);
    const [encodedClaims, , signature] = signToken(twins, claims).split(".");
    expect(verifyToken(twins, `${encodedClaims}.b.${signature}`, target, now)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a second spelling of the same signature bytes", () => {
    const token = signToken(ring, claims);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = token.at(-1)!;
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    expect(verifyToken(ring, respelled, target, now)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a token signed for another operation, organization, bucket or path", () => {
    const token = signToken(ring, claims);
    for (const other of [
      { ...target, op: "upload" as const },
      { ...target, org: "another-organization" },
      { ...target, bucket: "other" },
      { ...target, path: "team/other.pdf" },
    ]) {
      expect(verifyToken(ring, token, other, now)).toEqual({ ok: false, reason: "wrong_target" });
    }
  });

  it("accepts a token until the second it expires", () => {
    const token = signToken(ring, claims);
    expect(verifyToken(ring, token, target, new Date((claims.exp - 1) * 1000)).ok).toBe(true);
    expect(verifyToken(ring, token, target, new Date(claims.exp * 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses malformed and oversized tokens", () => {
    const token = signToken(ring, claims);
    const oversized = `${"A".repeat(MAX_SIGNED_TOKEN_LENGTH)}.k1.${token.split(".")[2]}`;
    for (const bad of [
      "",
      "abc",
      "a.b",
      `${token}.extra`,
      `${token.replace(".", "!.")}`,
      `.k1.${token.split(".")[2]}`,
    ]) {
      expect(verifyToken(ring, bad, target, now)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(verifyToken(ring, oversized, target, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses correctly signed claims of a shape it does not know", () => {
    const encoded = Buffer.from(JSON.stringify({ ...claims, admin: true })).toString("base64url");
    const signature = createHmac("sha256", SECRET_1).update(`k1.${encoded}`).digest("base64url");
    expect(verifyToken(ring, `${encoded}.k1.${signature}`, target, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("signs only well-formed claims and never a token over the length limit", () => {
    expect(() => signToken(ring, { ...claims, exp: 1.5 })).toThrow();
    expect(() => signToken(ring, { ...claims, maxBytes: 0 })).toThrow();
    expect(() => signToken(ring, { ...claims, extra: 1 } as SignedClaims)).toThrow();
    expect(() => signToken(ring, { ...claims, path: "\ud800".repeat(1024) })).toThrow(RangeError);
  });
});
