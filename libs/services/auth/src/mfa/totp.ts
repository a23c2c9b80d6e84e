import { createHmac, timingSafeEqual } from "node:crypto";

/** HMAC algorithms RFC 6238 allows; authenticator apps use SHA-1. */
export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

export interface TotpParameters {
  periodSeconds: number;
  digits: number;
  algorithm: TotpAlgorithm;
}

/** What every authenticator app understands: 30-second steps, 6 digits, HMAC-SHA-1. */
export const DEFAULT_TOTP: TotpParameters = { periodSeconds: 30, digits: 6, algorithm: "sha1" };

/** RFC 4226 HOTP: the one-time code for a counter value. */
export function hotpCode(secret: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = "sha1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac(algorithm, secret).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary =
    ((digest[offset]! & 0x7f) << 24) | (digest[offset + 1]! << 16) | (digest[offset + 2]! << 8) | digest[offset + 3]!;
  return (binary % 10 ** digits).toString().padStart(digits, "0");
}

/** RFC 6238: the time step a moment falls in. */
export function totpStep(atMs: number, periodSeconds = DEFAULT_TOTP.periodSeconds): number {
  return Math.floor(atMs / 1000 / periodSeconds);
}

/** RFC 6238 TOTP: the code for a moment. */
export function totpCode(secret: Uint8Array, atMs: number, parameters: TotpParameters = DEFAULT_TOTP): string {
  return hotpCode(secret, totpStep(atMs, parameters.periodSeconds), parameters.digits, parameters.algorithm);
}

export interface TotpCheck {
  atMs: number;
  /** Steps accepted either side of the current one, for clock drift (RFC 6238 §5.2 suggests one). */
  window?: number;
  /** The step of the last accepted code; it and earlier steps are refused, so a code works once. */
  lastUsedStep?: number | null;
  parameters?: TotpParameters;
}

/** Checks a code in constant time per candidate step; returns the matching step, or null. */
export function verifyTotp(secret: Uint8Array, code: string, check: TotpCheck): number | null {
  const parameters = check.parameters ?? DEFAULT_TOTP;
  if (!new RegExp(`^\\d{${parameters.digits}}$`).test(code)) return null;
  const current = totpStep(check.atMs, parameters.periodSeconds);
  const window = check.window ?? 1;
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step += 1) {
    if (step < 0 || (check.lastUsedStep != null && step <= check.lastUsedStep)) continue;
    const expected = Buffer.from(hotpCode(secret, step, parameters.digits, parameters.algorithm));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = step;
  }
  return matched;
}
