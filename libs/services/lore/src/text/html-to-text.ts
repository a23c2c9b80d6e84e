import { Tokenizer } from "htmlparser2";
import { HtmlTextReader } from "./html-text-reader";

/**
 * The readable text of an HTML document, laid out as light Markdown so the heading-aware chunker
 * sees its structure: h1–h6 become `#` lines, list items `- ` lines, <pre> a fenced block, table
 * cells are joined with " | ". Scripts, styles and embedded content are dropped, entities decoded.
 * The <title> becomes the top heading only when the page has no <h1> of its own.
 */
export function htmlToText(html: string): string {
  const reader = new HtmlTextReader();
  let openedName = "";
  const tagName = (start: number, end: number): string => html.slice(start, end).toLowerCase();
  const ignore = (): void => {};
  // The bare tokenizer, not htmlparser2's Parser: the Parser's stack of open elements makes
  // 100k nested tags take minutes, and the reader needs no tree.
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        openedName = tagName(start, end);
        reader.open(openedName);
      },
      onselfclosingtag() {
        // Only in SVG does "/>" close an element; HTML ignores it (<script/> still opens a script).
        if (openedName === "svg" && reader.isDropping("svg")) reader.close("svg");
      },
      onclosetag(start, end) {
        reader.close(tagName(start, end));
      },
      ontext(start, end) {
        reader.text(html.slice(start, end));
      },
      ontextentity(codePoint) {
        reader.text(String.fromCodePoint(codePoint));
      },
      onopentagend: ignore,
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncdata: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onend: ignore,
      onprocessinginstruction: ignore,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return reader.finish();
}
