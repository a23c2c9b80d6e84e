import { canonicalName } from "../graph/canonical-name";

/** A run of 1 to 4 words of a text, and one key it may be known under. */
export interface GazetteerPhrase {
  start: number;
  end: number;
  key: string;
}

/** The phrases of a text and their distinct keys, to look up among the organization's entities. */
export interface GazetteerLookup {
  phrases: GazetteerPhrase[];
  keys: string[];
}

/** How far the phrase search goes: a chunk-sized text is far below these. */
export interface PhraseLimits {
  maxWords: number;
  maxTextLength: number;
}

const DEFAULT_LIMITS: PhraseLimits = { maxWords: 4, maxTextLength: 40_000 };
const LONGEST_WORD = 64;
const SHORTEST_KEY = 2;
const LONGEST_KEY = 256;
// Words are split at whitespace and at marks that never sit inside a name.
const WORD = /[^\s()[\]{}<>"“”«»|—–]+/gu;

/**
 * The form `lore.name_keys` gives an alias (lower-cased, whitespace collapsed, trimmed), so a
 * phrase's key equals a stored alias key when the words match.
 */
export function nameKey(name: string): string {
  return name.replace(/\s+/gu, " ").trim().toLocaleLowerCase("en");
}

interface Word {
  start: number;
  end: number;
  /** Without outer punctuation (the word's own bounds when nothing is left). */
  coreStart: number;
  coreEnd: number;
  /** The core without a possessive "'s", when it has one. */
  possessiveEnd: number | undefined;
  /** Whether only whitespace separates it from the word before (else a phrase cannot span both). */
  followsSpace: boolean;
}

function wordOf(text: string, start: number, end: number, followsSpace: boolean): Word {
  let coreStart = start;
  let coreEnd = end;
  while (coreStart < coreEnd && /\p{P}/u.test(text[coreStart]!)) coreStart += 1;
  while (coreEnd > coreStart && /\p{P}/u.test(text[coreEnd - 1]!)) coreEnd -= 1;
  if (coreStart === coreEnd) {
    coreStart = start;
    coreEnd = end;
  }
  const possessive = coreEnd - coreStart > 2 && /['’]s$/iu.test(text.slice(coreStart, coreEnd));
  return { start, end, coreStart, coreEnd, possessiveEnd: possessive ? coreEnd - 2 : undefined, followsSpace };
}

/** The text's words, where `null` stands for a word too long to be part of a name (it breaks phrases). */
function wordsOf(text: string): (Word | null)[] {
  const words: (Word | null)[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const followsSpace = /^\s*$/u.test(text.slice(previousEnd, start));
    words.push(match[0].length > LONGEST_WORD ? null : wordOf(text, start, end, followsSpace));
    previousEnd = end;
  }
  return words;
}

/**
 * Every run of 1..maxWords consecutive words of `text` (its first maxTextLength code units),
 * each with the keys it could be stored under: the alias key (lore.name_keys) of the run as
 * written, and the canonical name (entities.canonical_name) and alias key of the run without outer
 * punctuation and without a closing possessive. Runs never cross a word too long to be a name, nor
 * a bracket, quote or dash between words.
 */
export function gazetteerPhrases(text: string, limits: PhraseLimits = DEFAULT_LIMITS): GazetteerLookup {
  const bounded = text.slice(0, limits.maxTextLength);
  const words = wordsOf(bounded);
  const phrases: GazetteerPhrase[] = [];
  const add = (start: number, end: number, key: string) => {
    if (key.length >= SHORTEST_KEY && key.length <= LONGEST_KEY) phrases.push({ start, end, key });
  };
  const addTrimmed = (start: number, end: number) => {
    const written = bounded.slice(start, end);
    const canonical = canonicalName(written);
    const alias = nameKey(written);
    add(start, end, canonical);
    if (alias !== canonical) add(start, end, alias);
  };
  for (let first = 0; first < words.length; first += 1) {
    const head = words[first];
    if (!head) continue;
    for (let last = first; last < Math.min(words.length, first + limits.maxWords); last += 1) {
      const tail = words[last];
      if (!tail || (last > first && !tail.followsSpace)) break;
      addTrimmed(head.coreStart, tail.coreEnd);
      // canonicalName drops outer punctuation, so the run as written adds only its alias key.
      if (head.start !== head.coreStart || tail.end !== tail.coreEnd) {
        add(head.start, tail.end, nameKey(bounded.slice(head.start, tail.end)));
      }
      if (tail.possessiveEnd !== undefined) addTrimmed(head.coreStart, tail.possessiveEnd);
    }
  }
  return { phrases, keys: [...new Set(phrases.map((phrase) => phrase.key))] };
}
