import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32 } from "./base32";
import { hotpCode, totpCode, verifyTotp, type TotpAlgorithm } from "./totp";

const seeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from("12345678901234567890"),
  sha256: Buffer.from("12345678901234567890123456789012"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
};

// RFC 6238 Appendix B: (time in seconds, algorithm, 8-digit code).
const rfc6238Vectors: [number, TotpAlgorithm, string][] = [
  [59, "sha1", "94287082"],
  [59, "sha256", "46119246"],
  [59, "sha512", "90693936"],
  [1111111109, "sha1", "07081804"],
  [1111111109, "sha256", "68084774"],
  [1111111109, "sha512", "25091201"],
  [1111111111, "sha1", "14050471"],
  [1111111111, "sha256", "67062674"],
  [1111111111, "sha512", "99943326"],
  [1234567890, "sha1", "89005924"],
  [1234567890, "sha256", "91819424"],
  [1234567890, "sha512", "93441116"],
  [2000000000, "sha1", "69279037"],
  [2000000000, "sha256", "90698825"],
  [2000000000, "sha512", "38618901"],
  [20000000000, "sha1", "65353130"],
  [20000000000, "sha256", "77737706"],
  [20000000000, "sha512", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it("produces the HOTP codes of RFC 4226 Appendix D", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expect(expected.map((_, counter) => hotpCode(seeds.sha1, counter))).toEqual(expected);
  });

  it.each(rfc6238Vectors)("at %i s with %s gives %s", (seconds, algorithm, code) => {
    expect(totpCode(seeds[algorithm], seconds * 1000, { periodSeconds: 30, digits: 8, algorithm })).toBe(code);
  });

  it("accepts a code from one step either side of now and nothing further", () => {
    const now = 1_700_000_000_000;
    const secret = seeds.sha1;
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), { atMs: now })).not.toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), { atMs: now })).not.toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now - 90_000), { atMs: now })).toBeNull();
  });

  it("refuses a code of a step already used, so each code works once", () => {
    const now = 1_700_000_000_000;
    const code = totpCode(seeds.sha1, now);
    const step = verifyTotp(seeds.sha1, code, { atMs: now });
    expect(step).not.toBeNull();
    expect(verifyTotp(seeds.sha1, code, { atMs: now, lastUsedStep: step })).toBeNull();
  });

  it("rejects codes that are not six digits", () => {
    expect(verifyTotp(seeds.sha1, "12345", { atMs: 0 })).toBeNull();
    expect(verifyTotp(seeds.sha1, "12a456", { atMs: 0 })).toBeNull();
  });
});

describe("base32 (RFC 4648)", () => {
  it("encodes the RFC 4648 test vectors without padding", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
      expect(decodeBase32(encoded).toString()).toBe(plain);
    }
  });

  it("round-trips a 20-byte secret and tolerates lower case and padding", () => {
    const secret = Buffer.from("12345678901234567890");
    const encoded = encodeBase32(secret);
    expect(encoded).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(decodeBase32(`${encoded.toLowerCase()}====`)).toEqual(secret);
  });
});
