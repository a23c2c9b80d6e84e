import { sql, type RawBuilder } from "kysely";

/**
 * How words of a query must match: `all` as a web search reads it (every word, "phrases",
 * -exclusions, or), `any` for a question in plain language, where a passage naming some of its
 * words is worth finding and the more it names, the higher it ranks.
 */
export type WordMatch = "all" | "any";

/** The tsquery of `text` for `match`, in the English configuration the chunks' search column uses. */
export function textQuerySql(text: string, match: WordMatch): RawBuilder<string> {
  // plainto_tsquery joins its lexemes with " & " and quotes each one, so swapping the operator
  // keeps the text a valid tsquery whatever the words were.
  return match === "all"
    ? sql<string>`websearch_to_tsquery('english', ${text})`
    : sql<string>`replace(plainto_tsquery('english', ${text})::text, ' & ', ' | ')::tsquery`;
}

// Control characters mark the matches, so the excerpt can be HTML-escaped before they become
// <mark> tags (snippet-markup.ts); the text loses any it held, so none is mistaken for a marker.
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

/** A short excerpt of `content` around the matches of `query`, matches wrapped in MATCH_START/MATCH_END. */
export function headlineSql(content: RawBuilder<unknown>, query: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`ts_headline('english', translate(${content}, chr(2) || chr(3), ''), ${query},
    'MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … ", StartSel=' || chr(2) || ', StopSel=' || chr(3))`;
}
