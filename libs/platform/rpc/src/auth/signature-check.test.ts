import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureMatches, verificationKeyOf } from "./signature-check";

const input = Buffer.from("header.payload");
const ed = generateKeyPairSync("ed25519");
const es = generateKeyPairSync("ec", { namedCurve: "P-256" });
const edSignature = sign(null, input, ed.privateKey);
const esSignature = sign("sha256", input, { key: es.privateKey, dsaEncoding: "ieee-p1363" });

describe("signature checks", () => {
  it("verify EdDSA and ES256 signatures with the key's own algorithm only", () => {
    const edKey = verificationKeyOf(ed.publicKey);
    const esKey = verificationKeyOf(es.publicKey);
    expect(edKey.algorithm).toBe("EdDSA");
    expect(esKey.algorithm).toBe("ES256");
    expect(signatureMatches("EdDSA", edKey, input, edSignature)).toBe(true);
    expect(signatureMatches("ES256", esKey, input, esSignature)).toBe(true);
    expect(signatureMatches("ES256", edKey, input, edSignature)).toBe(false);
    expect(signatureMatches("EdDSA", esKey, input, esSignature)).toBe(false);
    expect(signatureMatches("EdDSA", edKey, Buffer.from("header.other"), edSignature)).toBe(false);
  });

  it("refuse ES256 signatures in DER form or of the wrong length", () => {
    const esKey = verificationKeyOf(es.publicKey);
    const der = sign("sha256", input, es.privateKey);
    expect(signatureMatches("ES256", esKey, input, der)).toBe(false);
    expect(signatureMatches("ES256", esKey, input, esSignature.subarray(0, 63))).toBe(false);
  });

  it("refuse private keys, other key types and values that are not keys", () => {
    expect(() => verificationKeyOf(ed.privateKey)).toThrow(/no access-token algorithm/);
    expect(() => verificationKeyOf(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey)).toThrow(
      /no access-token algorithm/,
    );
    expect(() => verificationKeyOf(new Uint8Array(32))).toThrow(/no usable key/);
    expect(() => verificationKeyOf("secret")).toThrow(/no usable key/);
  });

  it("convert a WebCrypto key once and reuse it", async () => {
    const { publicKey } = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as {
      publicKey: object;
    };
    const first = verificationKeyOf(publicKey);
    expect(first.algorithm).toBe("EdDSA");
    expect(verificationKeyOf(publicKey)).toBe(first);
  });
});
