import { describeBytes } from "./byte-size";
import { TextExtractionError } from "./text-extraction-error";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /\s+/g;

/** Decodes the base64 of an uploaded file (line breaks allowed), refusing it before decoding when too large. */
export function decodeBase64(encoded: string, maxBytes: number): Uint8Array {
  // Wrapped base64 grows by a line break every 76 characters; twice the size is a cheap first cut.
  if (encoded.length > 2 * base64Length(maxBytes)) throw tooLarge(maxBytes);
  const compact = encoded.replace(WHITESPACE, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new TextExtractionError("contentBase64", "invalid_base64", "contentBase64 is not valid base64.");
  }
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
  if ((compact.length / 4) * 3 - padding > maxBytes) throw tooLarge(maxBytes);
  // A fresh array: small Buffers share a pooled ArrayBuffer, and pdf.js takes over the one it is given.
  return new Uint8Array(Buffer.from(compact, "base64"));
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

function tooLarge(maxBytes: number): TextExtractionError {
  return new TextExtractionError(
    "contentBase64",
    "source_too_large",
    `The file is larger than the ${describeBytes(maxBytes)} limit.`,
  );
}
