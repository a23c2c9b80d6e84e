const LINE_BREAK = /\r\n?/g;
const NUL = /\0/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes text storable and its offsets stable: line endings become \n, NUL characters (PostgreSQL
 * text cannot hold them) are dropped, and lone surrogates (not UTF-8 encodable) become U+FFFD.
 */
export function normalizeText(text: string): string {
  return text.replace(LINE_BREAK, "\n").replace(NUL, "").replace(LONE_SURROGATE, "\ufffd");
}
