import { createHash, randomBytes } from "node:crypto";

/** A random secret handed to a client (refresh, reset and confirmation tokens) and the hash we keep. */
export interface OpaqueToken {
  token: string;
  hash: string;
}

/** 256 random bits, base64url; only the SHA-256 hash is stored. */
export function createOpaqueToken(): OpaqueToken {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOpaqueToken(token) };
}

/** The stored form of a token; lookups by this hash compare a digest, never the secret itself. */
export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
