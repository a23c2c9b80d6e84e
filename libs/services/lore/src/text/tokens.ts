import cl100kRanks from "gpt-tokenizer/bpeRanks/cl100k_base";
import { countTokens as countCl100kTokens, encode } from "gpt-tokenizer/encoding/cl100k_base";
import { tokenizerSegments } from "./tokenizer-segments";

// "<|endoftext|>" in a document is text someone wrote, not a control token (and must not throw).
const AS_ORDINARY_TEXT = { disallowedSpecial: new Set<string>() };

/** The number of cl100k tokens in a text. */
export function countTokens(text: string): number {
  let total = 0;
  for (const { start, end } of tokenizerSegments(text)) {
    total += countCl100kTokens(text.slice(start, end), AS_ORDINARY_TEXT);
  }
  return total;
}

/**
 * For each cl100k token of a text, the UTF-16 offset where it ends, or -1 when the token ends
 * inside a character's UTF-8 bytes (an emoji or CJK character split across tokens), where a string
 * cannot be cut.
 */
export function tokenEndOffsets(text: string): number[] {
  const ends: number[] = [];
  let offset = 0;
  // The character at `offset`: its UTF-8 bytes not yet covered by a token, and its UTF-16 length.
  let charBytesLeft = 0;
  let charUnits = 0;
  for (const { start, end } of tokenizerSegments(text)) {
    for (const token of encode(text.slice(start, end), AS_ORDINARY_TEXT)) {
      let bytes = tokenByteLength(token);
      while (bytes > 0) {
        if (charBytesLeft === 0) [charBytesLeft, charUnits] = utf8CharAt(text, offset);
        const taken = Math.min(bytes, charBytesLeft);
        bytes -= taken;
        charBytesLeft -= taken;
        if (charBytesLeft === 0) offset += charUnits;
      }
      ends.push(charBytesLeft === 0 ? offset : -1);
    }
  }
  return ends;
}

let byteLengths: Uint8Array | undefined;

function tokenByteLength(token: number): number {
  byteLengths ??= new Uint8Array(cl100kRanks.length);
  let length = byteLengths[token] ?? 0;
  if (length === 0) {
    const bytes = cl100kRanks[token];
    length = typeof bytes === "string" ? Buffer.byteLength(bytes, "utf8") : (bytes?.length ?? 0);
    byteLengths[token] = length;
  }
  return length;
}

/** UTF-8 bytes and UTF-16 units of the character at offset, as the tokenizer encodes it (a lone surrogate as U+FFFD). */
function utf8CharAt(text: string, offset: number): [bytes: number, units: number] {
  const code = text.charCodeAt(offset);
  if (code < 0x80) return [1, 1];
  if (code < 0x800) return [2, 1];
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(offset + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return [4, 2];
  }
  return [3, 1];
}
