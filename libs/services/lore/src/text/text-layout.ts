const COLLAPSIBLE_SPACE = /[ \t\n\r\f\u00a0]+/g;

/**
 * Lays out text found in HTML as lines: inline text flows with its whitespace collapsed, blocks end
 * lines, paragraphs are separated by one blank line, and preformatted blocks are kept verbatim.
 */
export class TextLayout {
  private readonly lines: string[] = [];
  private line = "";
  private pendingBreak: "none" | "line" | "paragraph" = "none";

  /** Appends flowing text; runs of whitespace become one space. */
  appendInline(text: string): void {
    const collapsed = text.replace(COLLAPSIBLE_SPACE, " ");
    if (collapsed === " " && this.line === "") return;
    this.commitBreak();
    this.line += this.line === "" || this.line.endsWith(" ") ? collapsed.replace(/^ /, "") : collapsed;
  }

  /** Appends lines exactly as given, on lines of their own. */
  appendVerbatim(block: string): void {
    this.breakParagraph();
    this.commitBreak();
    this.lines.push(...block.split("\n"));
    this.pendingBreak = "paragraph";
  }

  breakLine(): void {
    if (this.pendingBreak === "none") this.pendingBreak = "line";
  }

  breakParagraph(): void {
    this.pendingBreak = "paragraph";
  }

  toString(): string {
    this.pushLine();
    while (this.lines.at(-1) === "") this.lines.pop();
    return this.lines.join("\n");
  }

  private commitBreak(): void {
    if (this.pendingBreak === "none") return;
    this.pushLine();
    if (this.pendingBreak === "paragraph" && this.lines.length > 0 && this.lines.at(-1) !== "") this.lines.push("");
    this.pendingBreak = "none";
  }

  private pushLine(): void {
    const line = this.line.trimEnd();
    this.line = "";
    if (line !== "") this.lines.push(line);
  }
}
