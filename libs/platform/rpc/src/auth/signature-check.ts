import { KeyObject, verify, type webcrypto } from "node:crypto";

/** The asymmetric algorithms an access token may be signed with (docs/architecture.md, "Auth model"). */
export type AccessTokenAlgorithm = "EdDSA" | "ES256";

/** A public key ready to check signatures, and the one algorithm it checks. */
export interface VerificationKey {
  algorithm: AccessTokenAlgorithm;
  key: KeyObject;
}

// The key set hands out the same key object for a kid until it reloads, so each is converted once.
const converted = new WeakMap<object, VerificationKey>();

function algorithmOf(key: KeyObject): AccessTokenAlgorithm | null {
  if (key.type !== "public") return null;
  if (key.asymmetricKeyType === "ed25519") return "EdDSA";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  return null;
}

/**
 * The verification key behind a key the key set resolved (a WebCrypto CryptoKey or a KeyObject),
 * refused unless it is a public key of an algorithm access tokens use.
 */
export function verificationKeyOf(resolved: unknown): VerificationKey {
  if (typeof resolved !== "object" || resolved === null) throw new Error("the key set resolved no usable key");
  const known = converted.get(resolved);
  if (known) return known;
  const key = resolved instanceof KeyObject ? resolved : keyObjectOf(resolved);
  const algorithm = algorithmOf(key);
  if (!algorithm) throw new Error("the key set resolved a key of no access-token algorithm");
  const verification = { algorithm, key };
  converted.set(resolved, verification);
  return verification;
}

function keyObjectOf(resolved: object): KeyObject {
  try {
    return KeyObject.from(resolved as webcrypto.CryptoKey);
  } catch {
    throw new Error("the key set resolved no usable key");
  }
}

// ES256 signatures in a JWS are r and s side by side, 32 bytes each (RFC 7518, 3.4), not DER.
const ES256_SIGNATURE_BYTES = 64;

/**
 * Whether `signature` is `key`'s signature of `signingInput` under `algorithm`, which must be the
 * key's own algorithm: a token cannot pick how its signature is checked. Verified synchronously
 * with node:crypto; an Ed25519 or P-256 check is cheaper than handing it to a worker thread.
 */
export function signatureMatches(
  algorithm: string,
  verification: VerificationKey,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  if (algorithm !== verification.algorithm) return false;
  if (algorithm === "EdDSA") return verify(null, signingInput, verification.key, signature);
  if (signature.length !== ES256_SIGNATURE_BYTES) return false;
  return verify("sha256", signingInput, { key: verification.key, dsaEncoding: "ieee-p1363" }, signature);
}
