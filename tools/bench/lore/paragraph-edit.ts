const PARAGRAPH = /<p(?:\s[^>]*)?>([\s\S]*?)<\/p>/g;

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** How many <p> paragraphs the HTML holds. */
export function paragraphCount(html: string): number {
  return [...html.matchAll(PARAGRAPH)].length;
}

/**
 * The HTML with the text of its middle <p> paragraph replaced by `passage` (escaped), the rest
 * byte for byte as it was: one paragraph of the page changed, as an editor changes one.
 */
export function replaceMiddleParagraph(html: string, passage: string): string {
  const paragraphs = [...html.matchAll(PARAGRAPH)];
  const middle = paragraphs[Math.floor(paragraphs.length / 2)];
  if (!middle) throw new Error("the page has no <p> paragraph to change");
  const open = middle[0].slice(0, middle[0].length - middle[1]!.length - "</p>".length);
  const replaced = `${open}${escapeHtml(passage)}</p>`;
  return html.slice(0, middle.index) + replaced + html.slice(middle.index + middle[0].length);
}
