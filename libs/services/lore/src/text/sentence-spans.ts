import type { TextSpan } from "./text-span";
import { isPieceBoundary } from "./tokenizer-segments";

/**
 * The segmenter is fed windows of this many characters: V8 gives every segment a fresh copy of its
 * whole input, so a megabyte-long input exhausts the heap, and even 4,000-character windows spend
 * most of the time collecting garbage.
 */
const SEGMENTER_WINDOW_CHARS = 1_000;

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Splits a span into sentences by Unicode sentence boundaries; the pieces tile the span. A sentence
 * longer than the segmenter's window is cut at the window's last blank.
 */
export function sentenceSpans(text: string, span: TextSpan): TextSpan[] {
  const sentences: TextSpan[] = [];
  let start = span.start;
  while (start < span.end) {
    const windowEnd = Math.min(span.end, start + SEGMENTER_WINDOW_CHARS);
    const isLastWindow = windowEnd === span.end;
    const starts = [...sentenceSegmenter.segment(text.slice(start, windowEnd))].map(({ index }) => start + index);
    // The last sentence of a window may go on past it; it is read again from its start.
    const complete = isLastWindow ? starts.length : starts.length - 1;
    for (let i = 0; i < complete; i++) {
      const end = i + 1 < starts.length ? starts[i + 1]! : windowEnd;
      sentences.push({ start: starts[i]!, end });
    }
    if (isLastWindow) break;
    if (complete > 0) {
      start = starts[complete]!;
    } else {
      const cut = lastBlankCut(text, start, windowEnd);
      sentences.push({ start, end: cut });
      start = cut;
    }
  }
  return moveTrailingBlanksForward(text, sentences);
}

/**
 * "One. Two." tokenizes as "One", ".", " Two", "." : the blank after a sentence belongs to the next
 * sentence's first token. Cutting before the blank lets the token counts of consecutive sentences
 * add up to the count of their concatenation.
 */
function moveTrailingBlanksForward(text: string, sentences: TextSpan[]): TextSpan[] {
  for (let i = 0; i + 1 < sentences.length; i++) {
    const current = sentences[i]!;
    const next = sentences[i + 1]!;
    if (isPieceBoundary(text, current.end)) continue;
    let cut = current.end;
    while (cut - 1 > current.start && (text[cut - 1] === " " || text[cut - 1] === "\t")) cut--;
    if (cut < current.end && isPieceBoundary(text, cut)) {
      current.end = cut;
      next.start = cut;
    }
  }
  return sentences;
}

// After the last whitespace of [start, end), so the cut falls between words; at `end` if there is none.
function lastBlankCut(text: string, start: number, end: number): number {
  for (let offset = end - 1; offset > start; offset--) {
    if (/\s/.test(text[offset - 1]!) && !/\s/.test(text[offset]!)) return offset;
  }
  const code = text.charCodeAt(end);
  return code >= 0xdc00 && code <= 0xdfff ? end - 1 : end;
}
