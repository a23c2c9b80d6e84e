// Titles that end in a full stop yet never end a sentence in these addresses ("Mr. Speaker", "U.S. Army").
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "gen",
  "jr",
  "sr",
  "no",
  "gov",
  "hon",
  "rev",
  "u.s",
  "vs",
]);
const SENTENCE_END = /[.!?]["')\]]*\s+/g;
const SENTENCE_START = /^["'(\[]?[A-Z0-9]/;

/**
 * Splits prose into sentences: after `.`, `!` or `?` (and closing quotes or brackets) followed by
 * white space and a capital letter or digit, unless the word before the stop is a title such as
 * "Mr.". Each sentence keeps its own text, trimmed. Intl.Segmenter takes seconds per megabyte;
 * this takes milliseconds, and the corpora are plain English prose.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (!SENTENCE_START.test(text.slice(end, end + 2))) continue;
    const word = /([A-Za-z.]+)[.!?]["')\]]*\s+$/.exec(text.slice(Math.max(start, match.index - 12), end));
    if (word && ABBREVIATIONS.has(word[1]!.toLowerCase())) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const last = text.slice(start).trim();
  if (last) sentences.push(last);
  return sentences;
}
