import type { CountedSpan } from "./text-span";
import { isPieceBoundary } from "./tokenizer-segments";
import { countTokens } from "./tokens";

/**
 * Joins consecutive spans (each within maxTokens) greedily into chunks of at most maxTokens tokens.
 * The spans must be contiguous; so are the chunks.
 */
export function packSpans(text: string, spans: readonly CountedSpan[], maxTokens: number): CountedSpan[] {
  const chunks: CountedSpan[] = [];
  let group: CountedSpan[] = [];
  let groupTokens = 0;
  for (const span of spans) {
    if (group.length > 0 && groupTokens + span.tokenCount > maxTokens) {
      chunks.push(...joinWithinBudget(text, group, maxTokens));
      group = [];
      groupTokens = 0;
    }
    group.push(span);
    groupTokens += span.tokenCount;
  }
  if (group.length > 0) chunks.push(...joinWithinBudget(text, group, maxTokens));
  return chunks;
}

/**
 * One span covering contiguous spans, with the token count of the joined text: the sum of their
 * counts when every seam is a tokenizer piece boundary, a fresh count otherwise.
 */
export function joinSpans(text: string, spans: readonly CountedSpan[]): CountedSpan {
  const first = spans[0];
  const last = spans.at(-1);
  if (!first || !last) throw new RangeError("joinSpans needs at least one span");
  if (spans.length === 1) return first;
  const seamsAreClean = spans.every((span, index) => index === 0 || isPieceBoundary(text, span.start));
  const tokenCount = seamsAreClean
    ? spans.reduce((total, span) => total + span.tokenCount, 0)
    : countTokens(text.slice(first.start, last.end));
  return { start: first.start, end: last.end, tokenCount };
}

// A seam inside a word can make the joined text a token longer than its parts; halve until it fits.
function joinWithinBudget(text: string, group: CountedSpan[], maxTokens: number): CountedSpan[] {
  const joined = joinSpans(text, group);
  if (joined.tokenCount <= maxTokens || group.length === 1) return [joined];
  const half = Math.ceil(group.length / 2);
  return [
    ...joinWithinBudget(text, group.slice(0, half), maxTokens),
    ...joinWithinBudget(text, group.slice(half), maxTokens),
  ];
}
