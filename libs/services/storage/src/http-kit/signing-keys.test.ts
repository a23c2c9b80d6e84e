import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSigningKeyRing, signingKeyById, signingKeyRingSchema } from "./signing-keys";

const SECRET_2 = "second-secret-that-is-long-enough-0123";
const SECRET_1 = "first-secret-that-is-long-enough-012345";

describe("reading signing keys from the environment", () => {
  it("makes the first key the signing one and keeps the rest for verifying", () => {
    const ring = parseSigningKeyRing(`k2:${SECRET_2},k1:${SECRET_1}`);
    expect(ring).toEqual({ current: { id: "k2", secret: SECRET_2 }, previous: [{ id: "k1", secret: SECRET_1 }] });
    expect(signingKeyById(ring, "k1")?.secret).toBe(SECRET_1);
    expect(signingKeyById(ring, "k2")?.secret).toBe(SECRET_2);
    expect(signingKeyById(ring, "k3")).toBeUndefined();
  });

  it("keeps colons inside a secret and ignores spaces and empty entries around the list", () => {
    const ring = parseSigningKeyRing(` k1:${SECRET_1}:with:colons , `);
    expect(ring).toEqual({ current: { id: "k1", secret: `${SECRET_1}:with:colons` }, previous: [] });
  });

  it("refuses short secrets without echoing them", () => {
    const short = "short-secret-value";
    expect(() => parseSigningKeyRing(`k1:${short}`)).toThrow("a secret is at least 32 characters");
    try {
      parseSigningKeyRing(`k1:${short}`);
    } catch (error) {
      expect(String(error)).not.toContain(short);
    }
  });

  it("refuses an empty list, entries without an id, unusable ids and repeated ids", () => {
    expect(() => parseSigningKeyRing(" , ")).toThrow("name at least one key as id:secret");
    expect(() => parseSigningKeyRing(SECRET_1)).toThrow("a secret is at least 32 characters");
    expect(() => parseSigningKeyRing(`:${SECRET_1}`)).toThrow("a key id is 1 to 32 letters, digits, _ or -");
    expect(() => parseSigningKeyRing(`k.1:${SECRET_1}`)).toThrow("a key id is 1 to 32 letters, digits, _ or -");
    expect(() => parseSigningKeyRing(`k1:${SECRET_1},k1:${SECRET_2}`)).toThrow("key ids must be distinct");
  });

  it("composes into a service's environment schema", () => {
    const env = z.object({ STORAGE_SIGNING_KEYS: signingKeyRingSchema });
    expect(env.parse({ STORAGE_SIGNING_KEYS: `k1:${SECRET_1}` }).STORAGE_SIGNING_KEYS.current.id).toBe("k1");
    expect(env.safeParse({ STORAGE_SIGNING_KEYS: "k1:short" }).success).toBe(false);
  });
});
