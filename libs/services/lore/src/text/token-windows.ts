import type { CountedSpan, TextSpan } from "./text-span";
import { isPieceBoundary } from "./tokenizer-segments";
import { countTokens, tokenEndOffsets } from "./tokens";

/** How far (in tokens) a window edge may move back to land between words rather than inside one. */
const SNAP_TOKENS = 16;

const EXTENDS_CHARACTER = /[\p{M}\u200d\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

/**
 * Cuts a span into windows of at most maxTokens cl100k tokens, each next window starting about
 * overlapTokens tokens before the previous one ends (0 gives a contiguous partition). Cuts fall on
 * token ends that are valid string positions, preferably between words; a single character worth
 * more than maxTokens tokens still makes a window of its own.
 */
export function tokenWindows(text: string, span: TextSpan, maxTokens: number, overlapTokens: number): CountedSpan[] {
  const piece = text.slice(span.start, span.end);
  if (piece.length === 0) return [];
  const cuts = cutsOf(piece);
  const lastCut = cuts.offsets.length - 1;
  const windows: CountedSpan[] = [];
  let from = 0;
  let previousTo = 0;
  for (;;) {
    // Each window must reach past the previous one; overlap gives way when both cannot fit.
    const minTo = previousTo + 1;
    while (from < previousTo && cuts.tokens[minTo]! - cuts.tokens[from]! > maxTokens) from++;
    let to = minTo;
    while (to < lastCut && cuts.tokens[to + 1]! - cuts.tokens[from]! <= maxTokens) to++;
    if (to < lastCut) to = snapBack(cuts, to, Math.max(from, previousTo));
    let tokenCount = windowTokens(piece, cuts, from, to);
    // Encoded on its own, a window may take a token more than its share of the whole text.
    while (tokenCount > maxTokens && (to > minTo || from < previousTo)) {
      if (to > minTo) to--;
      else from++;
      tokenCount = windowTokens(piece, cuts, from, to);
    }
    windows.push({ start: span.start + cuts.offsets[from]!, end: span.start + cuts.offsets[to]!, tokenCount });
    if (to === lastCut) return windows;
    let next = to;
    while (next - 1 > from && cuts.tokens[next - 1]! >= cuts.tokens[to]! - overlapTokens) next--;
    from = next < to ? snapBack(cuts, next, from) : next;
    previousTo = to;
  }
}

interface Cuts {
  /** Tokens before each cut. */
  tokens: number[];
  /** UTF-16 offset of each cut. */
  offsets: number[];
  /** Whether the cut starts a tokenizer piece: counts on both sides then add up exactly. */
  clean: boolean[];
  /** Whether the cut is clean and keeps combining marks and emoji sequences with their character. */
  preferred: boolean[];
}

function cutsOf(piece: string): Cuts {
  const cuts: Cuts = { tokens: [0], offsets: [0], clean: [true], preferred: [true] };
  tokenEndOffsets(piece).forEach((offset, index) => {
    if (offset < 0) return;
    const clean = offset === piece.length || isPieceBoundary(piece, offset);
    cuts.tokens.push(index + 1);
    cuts.offsets.push(offset);
    cuts.clean.push(clean);
    cuts.preferred.push(clean && !splitsCharacter(piece, offset));
  });
  return cuts;
}

// The nearest preferred cut at or before `cut` and after `floor`, within SNAP_TOKENS; else `cut`.
function snapBack(cuts: Cuts, cut: number, floor: number): number {
  for (let candidate = cut; candidate > floor; candidate--) {
    if (cuts.tokens[cut]! - cuts.tokens[candidate]! > SNAP_TOKENS) break;
    if (cuts.preferred[candidate]) return candidate;
  }
  return cut;
}

function windowTokens(piece: string, cuts: Cuts, from: number, to: number): number {
  if (cuts.clean[from] && cuts.clean[to]) return cuts.tokens[to]! - cuts.tokens[from]!;
  return countTokens(piece.slice(cuts.offsets[from], cuts.offsets[to]));
}

function splitsCharacter(piece: string, offset: number): boolean {
  const next = piece.codePointAt(offset) ?? 0;
  if (piece.charCodeAt(offset - 1) === 0x200d) return true;
  return next >= 0x300 && EXTENDS_CHARACTER.test(String.fromCodePoint(next));
}
