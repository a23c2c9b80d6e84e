import { MATCH_END, MATCH_START } from "./text-query-sql";

/** Longest excerpt made from the start of a text. */
const OPENING_LENGTH = 200;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** An excerpt from ts_headline as safe markup: the text HTML-escaped, its matches in <mark> tags. */
export function highlightedSnippet(headline: string): string {
  return escapeHtml(oneLine(headline)).replaceAll(MATCH_START, "<mark>").replaceAll(MATCH_END, "</mark>");
}

/** The start of a text as an excerpt, cut at a word boundary, HTML-escaped. */
export function openingSnippet(text: string): string {
  const flat = oneLine(text).replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
  if (flat.length <= OPENING_LENGTH) return escapeHtml(flat);
  const cut = flat.slice(0, OPENING_LENGTH);
  const lastSpace = cut.lastIndexOf(" ");
  return `${escapeHtml(lastSpace > OPENING_LENGTH / 2 ? cut.slice(0, lastSpace) : cut)}…`;
}
