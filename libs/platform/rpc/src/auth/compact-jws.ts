/** A compact JWS taken apart: its protected header, the bytes its signature covers, and the signature. */
export interface CompactJws {
  header: Record<string, unknown>;
  /** The three parts as sent, base64url-encoded. */
  encoded: { protected: string; payload: string; signature: string };
  /** `<header>.<payload>` as sent: what the signature was made over. */
  signingInput: Buffer;
  signature: Buffer;
}

// Node's base64url decoder skips characters outside the alphabet instead of refusing them; a
// segment is checked first, so stray characters fail the token rather than being read around.
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function checkBase64url(segment: string, part: string): void {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) throw new Error(`the token's ${part} is not base64url`);
}

/** Decodes one base64url segment of a token; throws when it is not base64url. */
export function decodeSegment(segment: string, part: string): Buffer {
  checkBase64url(segment, part);
  return Buffer.from(segment, "base64url");
}

/** Decodes a segment that carries a JSON object (the header or the claims); throws on anything else. */
export function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(decodeSegment(segment, part)));
  } catch {
    throw new Error(`the token's ${part} is not a JSON object`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`the token's ${part} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Splits a compact JWS and reads its header. A header naming critical extensions is refused: this
 * verifier implements none, and RFC 7515 forbids accepting a token whose `crit` it does not know.
 */
export function readCompactJws(token: string): CompactJws {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("the token is not a compact JWS (three dot-separated parts)");
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = decodeJsonObject(encodedHeader, "header");
  if (header.crit !== undefined) throw new Error("the token names critical header extensions, which are not supported");
  checkBase64url(encodedPayload, "payload");
  return {
    header,
    encoded: { protected: encodedHeader, payload: encodedPayload, signature: encodedSignature },
    signingInput: Buffer.from(`${encodedHeader}.${encodedPayload}`, "ascii"),
    signature: decodeSegment(encodedSignature, "signature"),
  };
}
