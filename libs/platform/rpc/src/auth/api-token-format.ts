import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { API_TOKEN_PREFIX } from "./authenticate";

// cst_<16 hex: public lookup id>_<43 base64url: 256-bit secret>. Fixed lengths, so parsing never guesses.
const API_TOKEN_PATTERN = /^(cst_[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A freshly made API token: the whole token (shown once), its public prefix and the hash to store. */
export interface IssuedApiToken {
  token: string;
  prefix: string;
  secretHash: string;
}

/** Makes a new API token; only `secretHash` and `prefix` are stored. */
export function generateApiToken(): IssuedApiToken {
  const prefix = `${API_TOKEN_PREFIX}${randomBytes(8).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  return { token: `${prefix}_${secret}`, prefix, secretHash: hashApiTokenSecret(secret) };
}

/** Splits a presented token into its lookup prefix and secret, or null when it is malformed. */
export function parseApiToken(token: string): { prefix: string; secret: string } | null {
  const match = API_TOKEN_PATTERN.exec(token);
  return match?.[1] && match[2] ? { prefix: match[1], secret: match[2] } : null;
}

/** SHA-256 of the secret: it is 256 random bits, so a slow password hash adds nothing. */
export function hashApiTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Compares a presented secret with a stored hash in constant time. */
export function apiTokenSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiTokenSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
