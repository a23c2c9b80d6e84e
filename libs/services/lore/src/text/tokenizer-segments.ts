import type { TextSpan } from "./text-span";

/** Texts are handed to the tokenizer in parts of about this many characters. */
const SEGMENT_CHARS = 8_192;
/**
 * cl100k merges byte pairs within one pre-tokenized piece in time that grows with the square of the
 * piece's length (100k letters without a break take seconds), so a run this long with no piece
 * boundary is cut. Only machine-made text (a megabyte of one letter, a blob of unbroken CJK) has such
 * runs; counting them in parts may differ from a whole-text count by a token per cut.
 */
const LONGEST_RUN_CHARS = 256;

const WHITESPACE = /\s/u;
const LETTER = /\p{L}/u;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Cuts text into consecutive spans that cl100k encodes, one by one, into exactly the tokens of the
 * whole text: every cut sits where the tokenizer's own pre-tokenization starts a new piece (except
 * inside over-long runs, see LONGEST_RUN_CHARS).
 */
export function* tokenizerSegments(text: string): Generator<TextSpan> {
  // Too short for a cut: skip the per-character scan (most counted texts are sentences).
  if (text.length <= LONGEST_RUN_CHARS) {
    if (text.length > 0) yield { start: 0, end: text.length };
    return;
  }
  let segmentStart = 0;
  let lastPieceStart = 0;
  let before = text.charCodeAt(0);
  for (let i = 1; i < text.length; i++) {
    const at = text.charCodeAt(i);
    // Runs once per character: ASCII pairs, most of most texts, skip the code point work.
    const startsPiece = before < 0x80 && at < 0x80 ? separatesPieces(before, at) : isPieceBoundary(text, i);
    before = at;
    if (startsPiece) {
      lastPieceStart = i;
      if (i - segmentStart >= SEGMENT_CHARS) {
        yield { start: segmentStart, end: i };
        segmentStart = i;
      }
    } else if (i - lastPieceStart >= LONGEST_RUN_CHARS && !isLowSurrogate(at)) {
      yield { start: segmentStart, end: i };
      segmentStart = i;
      lastPieceStart = i;
    }
  }
  if (text.length > 0) yield { start: segmentStart, end: text.length };
}

/**
 * Whether cl100k's pre-tokenization surely starts a new piece at offset i (0 < i < text.length), so
 * that the token counts of text.slice(0, i) and text.slice(i) add up to the count of the whole.
 */
export function isPieceBoundary(text: string, i: number): boolean {
  const at = text.charCodeAt(i);
  const before = text.charCodeAt(i - 1);
  if (isLowSurrogate(at) && isHighSurrogate(before)) return false;
  return separatesPieces(codePointEndingAt(text, i), text.codePointAt(i) ?? at);
}

/**
 * Three cases are certain whatever surrounds them: a non-space followed by a space or tab (no piece
 * takes a blank after a non-blank, except line breaks after punctuation), a line break followed by
 * a non-space, and a letter followed by a non-letter (letter runs always end their piece).
 */
function separatesPieces(before: number, at: number): boolean {
  const atIsSpace = isSpace(at);
  if (atIsSpace && at !== LINE_FEED && at !== CARRIAGE_RETURN) return !isSpace(before);
  if (before === LINE_FEED || before === CARRIAGE_RETURN) return !atIsSpace;
  return isLetter(before) && !isLetter(at);
}

function isSpace(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint === 0x20 || (codePoint >= 0x09 && codePoint <= 0x0d);
  return WHITESPACE.test(String.fromCodePoint(codePoint));
}

function isLetter(codePoint: number): boolean {
  if (codePoint < 0x80) return (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a);
  return LETTER.test(String.fromCodePoint(codePoint));
}

function codePointEndingAt(text: string, i: number): number {
  const last = text.charCodeAt(i - 1);
  if (isLowSurrogate(last) && i >= 2) {
    const first = text.charCodeAt(i - 2);
    if (isHighSurrogate(first)) return (first - 0xd800) * 0x400 + (last - 0xdc00) + 0x10000;
  }
  return last;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
