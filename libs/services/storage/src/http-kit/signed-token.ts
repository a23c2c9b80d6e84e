import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { signingKeyById, type SigningKey, type SigningKeyRing } from "./signing-keys";

/** The longest token verified; a longer one is refused before any decoding or hashing. */
export const MAX_SIGNED_TOKEN_LENGTH = 4096;

/** What a signed link lets its holder do, to which object, until when. */
export const signedClaimsSchema = z.strictObject({
  op: z.enum(["download", "upload"]),
  org: z.string().min(1).max(64),
  bucket: z.string().min(1).max(63),
  path: z.string().min(1).max(1024),
  /** Expiry, in Unix seconds. */
  exp: z.number().int().positive(),
  /** The largest body an upload link takes. */
  maxBytes: z.number().int().positive().optional(),
  /** Whether an upload link may replace an existing object. */
  upsert: z.boolean().optional(),
  /** The user who signed an upload link: the owner of what it uploads. */
  owner: z.guid().optional(),
});

export type SignedClaims = z.infer<typeof signedClaimsSchema>;

/** The request a token is presented for; a token signed for anything else is refused. */
export type SignedTarget = Pick<SignedClaims, "op" | "org" | "bucket" | "path">;

/** Why a token was refused. */
export type SignedTokenRefusal = "malformed" | "unknown_key" | "bad_signature" | "expired" | "wrong_target";

export type SignedTokenCheck = { ok: true; claims: SignedClaims } | { ok: false; reason: SignedTokenRefusal };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

// The key id is signed with the claims, so a token cannot be re-labelled to another key of the ring.
function signatureOf(key: SigningKey, encodedClaims: string): Buffer {
  return createHmac("sha256", key.secret).update(`${key.id}.${encodedClaims}`).digest();
}

/** A token `<claims>.<keyId>.<signature>` (base64url JSON, key id, base64url HMAC-SHA256) signed by the ring's current key. */
export function signToken(ring: SigningKeyRing, claims: SignedClaims): string {
  const encodedClaims = Buffer.from(JSON.stringify(signedClaimsSchema.parse(claims))).toString("base64url");
  const signature = signatureOf(ring.current, encodedClaims).toString("base64url");
  const token = `${encodedClaims}.${ring.current.id}.${signature}`;
  if (token.length > MAX_SIGNED_TOKEN_LENGTH) {
    throw new RangeError(`a signed token would exceed ${MAX_SIGNED_TOKEN_LENGTH} characters; shorten the object path`);
  }
  return token;
}

function decodeClaims(encodedClaims: string): SignedClaims | undefined {
  try {
    const parsed = signedClaimsSchema.safeParse(JSON.parse(Buffer.from(encodedClaims, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isTarget(claims: SignedClaims, expected: SignedTarget): boolean {
  return (
    claims.op === expected.op &&
    claims.org === expected.org &&
    claims.bucket === expected.bucket &&
    claims.path === expected.path
  );
}

const refuse = (reason: SignedTokenRefusal): SignedTokenCheck => ({ ok: false, reason });

/**
 * Checks a token against the request it came with: its signature by a key of the ring (compared
 * in constant time), then its claims, its target and its expiry at `now`.
 */
export function verifyToken(
  ring: SigningKeyRing,
  token: string,
  expected: SignedTarget,
  now: Date = new Date(),
): SignedTokenCheck {
  if (token.length > MAX_SIGNED_TOKEN_LENGTH) return refuse("malformed");
  const parts = token.split(".");
  if (parts.length !== 3) return refuse("malformed");
  const [encodedClaims = "", keyId = "", encodedSignature = ""] = parts;
  if (!BASE64URL.test(encodedClaims) || !BASE64URL.test(encodedSignature)) return refuse("malformed");
  const key = signingKeyById(ring, keyId);
  if (!key) return refuse("unknown_key");
  const given = Buffer.from(encodedSignature, "base64url");
  const wanted = signatureOf(key, encodedClaims);
  // Only the canonical spelling counts, so no second string passes for the same signature.
  if (given.toString("base64url") !== encodedSignature || given.length !== wanted.length) {
    return refuse("bad_signature");
  }
  if (!timingSafeEqual(given, wanted)) return refuse("bad_signature");
  const claims = decodeClaims(encodedClaims);
  if (!claims) return refuse("malformed");
  if (!isTarget(claims, expected)) return refuse("wrong_target");
  if (claims.exp <= Math.floor(now.getTime() / 1000)) return refuse("expired");
  return { ok: true, claims };
}
