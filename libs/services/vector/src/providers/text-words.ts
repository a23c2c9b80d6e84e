/**
 * A word is a run of Unicode letters, digits and the combining marks written with them (without
 * the marks, scripts such as Devanagari would split mid-word). Everything else separates words.
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

const COMBINING_MARK = /\p{M}/gu;

/** The words of `text`, lower-cased after compatibility normalization ("ﬁ" is "fi", full-width "Ａ" is "a"). */
export function wordsOf(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

/** `word` without accents ("café" → "cafe"), for vocabularies that were built from folded text. */
export function withoutAccents(word: string): string {
  return word.normalize("NFKD").replace(COMBINING_MARK, "");
}
