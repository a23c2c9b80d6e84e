import { canonicalName } from "../graph/canonical-name";

/** Longest run of words looked up as one name ("Charles Babbage's Analytical Engine" is four). */
const LONGEST_NAME_WORDS = 4;
/** Most keys one question looks up; a long question's later phrases are let go. */
const MOST_KEYS = 2_000;
/** Most phrases compared by trigram similarity, each an index probe of its own. */
const MOST_PROBES = 200;
/** Shorter phrases resemble too many names by their trigrams to be worth a probe. */
const SHORTEST_PROBE = 4;

/** What a question is looked up by in the graph: exact name keys, and phrases for near misses. */
export interface QuestionNameKeys {
  /** Canonical forms of every run of 1..4 words, to compare with canonical names and alias keys. */
  keys: string[];
  /** The keys long enough to compare with names by trigram similarity (single words first). */
  probes: string[];
}

/**
 * The phrases of a question that may name entities: every run of one to four consecutive words,
 * in canonical form (canonical-name.ts: lower-cased, whitespace collapsed, outer punctuation
 * trimmed), so "Who was Ada Lovelace?" looks up "ada lovelace" among others.
 */
export function questionNameKeys(question: string): QuestionNameKeys {
  const words = question.split(/\s+/u).filter((word) => canonicalName(word) !== "");
  const keys = new Set<string>();
  for (let length = 1; length <= LONGEST_NAME_WORDS; length += 1) {
    for (let start = 0; start + length <= words.length && keys.size < MOST_KEYS; start += 1) {
      const key = canonicalName(words.slice(start, start + length).join(" "));
      if (key !== "") keys.add(key);
    }
  }
  const all = [...keys];
  return { keys: all, probes: all.filter((key) => key.length >= SHORTEST_PROBE).slice(0, MOST_PROBES) };
}
