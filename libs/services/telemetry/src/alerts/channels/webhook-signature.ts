import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The header that carries a webhook body's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = "x-cauldron-signature";

/** How far a signature's time may be from the receiver's clock (5 minutes) before it is refused as a replay. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new webhook signing secret: `whsec_` and 32 random bytes, base64url. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The signature header's value for `body` sent at `time`. */
export function signWebhookBody(secret: string, body: string, time: Date): string {
  const timestamp = Math.floor(time.getTime() / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/** Why a signature was refused: unreadable, too old or too far ahead, or not made with the secret over this body. */
export type WebhookSignatureCheck = { valid: true } | { valid: false; reason: "malformed" | "expired" | "mismatch" };

export interface WebhookSignatureInput {
  secret: string;
  /** The request body exactly as received, before any JSON parsing. */
  body: string;
  /** The `x-cauldron-signature` header. */
  header: string | undefined;
  now?: Date;
  toleranceSeconds?: number;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (value === undefined || rest.length > 0) return null;
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Checks a webhook request the way a receiver should: the header parses, its time is within the
 * tolerance of `now` (so a captured request cannot be replayed later), and one of its `v1`
 * signatures is the HMAC of `<t>.<body>` under the secret, compared in constant time.
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): WebhookSignatureCheck {
  const parsed = input.header ? parseHeader(input.header) : null;
  if (!parsed) return { valid: false, reason: "malformed" };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { valid: false, reason: "expired" };
  const expected = Buffer.from(signatureOf(input.secret, parsed.timestamp, input.body), "hex");
  const matches = parsed.signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
  return matches ? { valid: true } : { valid: false, reason: "mismatch" };
}
