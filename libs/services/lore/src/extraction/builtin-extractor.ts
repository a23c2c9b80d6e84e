import nlp from "compromise";
import { canonicalName } from "../graph/canonical-name";
import { MAX_ENTITY_NAME_LENGTH, type EntityExtractor, type ExtractedMention, type Extraction } from "./extracted";
import { textWindows, type WindowLimits } from "./text-windows";

/** How sure the built-in extractor is of what it finds: it guesses from word shapes and a lexicon. */
export const BUILTIN_CONFIDENCE = 0.6;

const KINDS = [
  { typeName: "person", find: (view: ReturnType<typeof nlp>) => view.people() },
  { typeName: "place", find: (view: ReturnType<typeof nlp>) => view.places() },
  { typeName: "organization", find: (view: ReturnType<typeof nlp>) => view.organizations() },
] as const;

// The tagger's time grows with the text and with odd input (long runs of capitals): it sees a
// chunk-sized text in windows and stops at a fixed length, yielding between windows.
const DEFAULT_LIMITS: WindowLimits = { windowLength: 4_000, maxLength: 40_000 };
const MAX_MENTIONS = 2_000;
// No name is a single "word" this long; such runs (base64, URLs, minified code) only cost time.
const LONGEST_WORD = /[^\s]{65,}/gu;

interface TaggedTerm {
  text: string;
  offset: { start: number; length: number };
}

function isTaggedTerm(value: unknown): value is TaggedTerm {
  const term = value as Partial<TaggedTerm> | null;
  return (
    typeof term?.text === "string" && typeof term.offset?.start === "number" && typeof term.offset.length === "number"
  );
}

/** The terms of each match the tagger reports, or nothing for a match it describes unexpectedly. */
function matchedTerms(json: unknown): TaggedTerm[][] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((match: unknown) => {
    const terms = (match as { terms?: unknown } | null)?.terms;
    return Array.isArray(terms) && terms.length > 0 && terms.every(isTaggedTerm) ? [terms] : [];
  });
}

/**
 * The exact span of a match in `text`: from its first term to its last, each checked against the
 * text (a term the tagger rewrote is not trusted), widened over combining marks the tagger leaves
 * out, without a possessive "'s" or outer punctuation.
 */
function spanOf(text: string, terms: TaggedTerm[]): { start: number; end: number } | undefined {
  for (const term of terms) {
    if (text.slice(term.offset.start, term.offset.start + term.offset.length) !== term.text) return undefined;
  }
  const last = terms[terms.length - 1]!;
  let start = terms[0]!.offset.start;
  let end = last.offset.start + last.offset.length;
  while (end < text.length && /\p{M}/u.test(text[end]!)) end += 1;
  if (/['’]s$/iu.test(text.slice(start, end)) && end - start > 2) end -= 2;
  while (start < end && /[\s\p{P}]/u.test(text[start]!)) start += 1;
  while (end > start && /[\s\p{P}]/u.test(text[end - 1]!)) end -= 1;
  return end > start ? { start, end } : undefined;
}

function mentionsInWindow(text: string, offset: number): ExtractedMention[] {
  const tagged = nlp(text.replace(LONGEST_WORD, (word) => " ".repeat(word.length)));
  const mentions: ExtractedMention[] = [];
  for (const { typeName, find } of KINDS) {
    for (const terms of matchedTerms(find(tagged).json({ offset: true }) as unknown)) {
      const span = spanOf(text, terms);
      if (!span) continue;
      const written = text.slice(span.start, span.end);
      const name = written.replace(/\s+/gu, " ");
      if (name.length > MAX_ENTITY_NAME_LENGTH || canonicalName(name) === "") continue;
      mentions.push({
        start: offset + span.start,
        end: offset + span.end,
        text: written,
        typeName,
        name,
        confidence: BUILTIN_CONFIDENCE,
      });
    }
  }
  return mentions;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("extraction was cancelled");
}

/**
 * The built-in extractor: people, places and organizations as the compromise tagger sees them, at
 * exact offsets. It reads at most `limits.maxLength` code units, in windows, so hostile text (huge,
 * without spaces, odd Unicode) costs bounded time.
 */
export function createBuiltinExtractor(limits: WindowLimits = DEFAULT_LIMITS): EntityExtractor {
  return {
    name: "builtin",
    async extract(text: string, signal?: AbortSignal): Promise<Extraction> {
      const mentions: ExtractedMention[] = [];
      for (const window of textWindows(text, limits)) {
        throwIfAborted(signal);
        mentions.push(...mentionsInWindow(window.text, window.offset));
        if (mentions.length >= MAX_MENTIONS) break;
        // Let other work on this process run between windows.
        await new Promise((resolve) => setImmediate(resolve));
      }
      throwIfAborted(signal);
      return { mentions: mentions.slice(0, MAX_MENTIONS), relations: [] };
    },
  };
}
