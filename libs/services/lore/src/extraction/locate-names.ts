/** Where a name occurs in a text. */
export interface NameOccurrence {
  start: number;
  end: number;
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/gu, "\\$&");
}

/**
 * Every occurrence of `name` in `text` as a whole word sequence, case-insensitively, any run of
 * whitespace matching the name's spaces; at most `limit` of them, in order.
 */
export function locateName(text: string, name: string, limit: number): NameOccurrence[] {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [];
  const first = name.trim()[0]!;
  const last = name.trim().at(-1)!;
  const pattern =
    (WORD_CHARACTER.test(first) ? "(?<![\\p{L}\\p{N}\\p{M}_])" : "") +
    words.map(escapeForPattern).join("\\s+") +
    (WORD_CHARACTER.test(last) ? "(?![\\p{L}\\p{N}\\p{M}_])" : "");
  const occurrences: NameOccurrence[] = [];
  for (const match of text.matchAll(new RegExp(pattern, "giu"))) {
    occurrences.push({ start: match.index, end: match.index + match[0].length });
    if (occurrences.length >= limit) break;
  }
  return occurrences;
}
