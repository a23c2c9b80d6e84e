import type { TextSpan } from "./text-span";

// A line break followed by one or more blank (or whitespace-only) lines.
const PARAGRAPH_BREAK = /\n(?:[ \t]*\r?\n)+/g;

/** Splits a span at blank lines; each paragraph keeps the blank lines after it, so the pieces tile the span. */
export function paragraphSpans(text: string, span: TextSpan): TextSpan[] {
  const paragraphs: TextSpan[] = [];
  let start = span.start;
  for (const match of text.slice(span.start, span.end).matchAll(PARAGRAPH_BREAK)) {
    const end = span.start + match.index + match[0].length;
    if (end >= span.end) break;
    paragraphs.push({ start, end });
    start = end;
  }
  paragraphs.push({ start, end: span.end });
  return paragraphs;
}
