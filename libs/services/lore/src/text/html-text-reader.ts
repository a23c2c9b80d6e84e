import { TextLayout } from "./text-layout";

/** Elements whose content is code, styling or embedded documents, never readable text. */
const DROPPED = new Set(["script", "style", "noscript", "template", "iframe", "svg"]);
const PARAGRAPH_BLOCKS = new Set(
  "address article aside blockquote details dl fieldset figure footer form header hr main nav ol p section table ul".split(
    " ",
  ),
);
const LINE_BLOCKS = new Set(
  "br caption dd dialog div dt figcaption hgroup legend li menu option summary tbody tfoot thead tr".split(" "),
);
const CELLS = new Set(["td", "th"]);
const HEADING = /^h[1-6]$/;
/** Longer "headings" are laid out as paragraphs: usually an <hN> left open over the rest of the page. */
const LONGEST_HEADING_CHARS = 300;

/**
 * Turns a stream of HTML tags and text into laid-out text. Every element is handled by its name
 * alone, with no tree of open elements, so the work stays linear however deep or broken the
 * nesting; an element left open lasts to the end of the document.
 */
export class HtmlTextReader {
  private readonly layout = new TextLayout();
  private dropped: { name: string; depth: number } | undefined;
  private preDepth = 0;
  private preText = "";
  private heading: { level: number; text: string } | undefined;
  private insideTitle = false;
  private titleText = "";
  private hasH1 = false;
  private rowHasCell = false;
  // A list item's "- " waits for its first text, so empty items leave no stray dashes.
  private bulletPending = false;

  open(name: string): void {
    if (this.dropped) {
      if (name === this.dropped.name) this.dropped.depth++;
    } else if (DROPPED.has(name)) this.dropped = { name, depth: 1 };
    else if (name === "title") this.insideTitle = true;
    else if (name === "pre") {
      if (this.preDepth++ === 0) this.preText = "";
    } else if (this.preDepth > 0) {
      if (name === "br") this.preText += "\n";
    } else if (HEADING.test(name)) {
      this.finishHeading();
      this.heading = { level: Number(name.slice(1)), text: "" };
    } else if (this.heading) {
      if (isBlock(name)) this.heading.text += " ";
    } else if (CELLS.has(name)) {
      if (this.rowHasCell) this.layout.appendInline(" | ");
      this.rowHasCell = true;
    } else if (PARAGRAPH_BLOCKS.has(name)) this.layout.breakParagraph();
    else if (LINE_BLOCKS.has(name)) {
      this.layout.breakLine();
      if (name === "tr") this.rowHasCell = false;
      if (name === "li") this.bulletPending = true;
    }
  }

  close(name: string): void {
    if (this.dropped) {
      if (name === this.dropped.name && --this.dropped.depth === 0) this.dropped = undefined;
    } else if (name === "title") this.insideTitle = false;
    else if (name === "pre") {
      if (this.preDepth > 0 && --this.preDepth === 0) this.layout.appendVerbatim(fenced(this.preText));
    } else if (this.preDepth > 0) return;
    else if (HEADING.test(name)) this.finishHeading();
    else if (this.heading) {
      if (isBlock(name)) this.heading.text += " ";
    } else if (PARAGRAPH_BLOCKS.has(name)) this.layout.breakParagraph();
    else if (LINE_BLOCKS.has(name)) {
      this.layout.breakLine();
      if (name === "tr") this.rowHasCell = false;
      if (name === "li") this.bulletPending = false;
    }
  }

  /** Whether `name` is the element whose content is being dropped (SVG's "/>" may close it). */
  isDropping(name: string): boolean {
    return this.dropped?.name === name;
  }

  text(value: string): void {
    if (this.dropped) return;
    if (this.insideTitle) this.titleText += value;
    else if (this.preDepth > 0) this.preText += value;
    else if (this.heading) this.heading.text += value;
    else {
      if (this.bulletPending && value.trim() !== "") {
        this.layout.appendInline("- ");
        this.bulletPending = false;
      }
      this.layout.appendInline(value);
    }
  }

  /** The laid-out text; the <title> becomes the top heading only when the page has no <h1> of its own. */
  finish(): string {
    if (this.preDepth > 0) this.layout.appendVerbatim(fenced(this.preText));
    this.finishHeading();
    const body = this.layout.toString();
    const title = this.titleText.replace(/\s+/g, " ").trim();
    if (this.hasH1 || title === "") return body;
    return body === "" ? `# ${title}` : `# ${title}\n\n${body}`;
  }

  private finishHeading(): void {
    if (!this.heading) return;
    const text = this.heading.text.replace(/\s+/g, " ").trim();
    if (text.length > LONGEST_HEADING_CHARS) {
      this.layout.breakParagraph();
      this.layout.appendInline(text);
      this.layout.breakParagraph();
    } else if (text !== "") {
      this.layout.appendVerbatim(`${"#".repeat(this.heading.level)} ${text}`);
      this.hasH1 ||= this.heading.level === 1;
    }
    this.heading = undefined;
  }
}

function isBlock(name: string): boolean {
  return PARAGRAPH_BLOCKS.has(name) || LINE_BLOCKS.has(name) || CELLS.has(name);
}

// A fence longer than any backtick run inside keeps the block's own lines from closing it.
function fenced(text: string): string {
  const content = text.replace(/^\n/, "").replace(/\n+$/, "");
  let longestRun = 0;
  for (const [run] of content.matchAll(/`+/g)) longestRun = Math.max(longestRun, run.length);
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}\n${content}\n${fence}`;
}
