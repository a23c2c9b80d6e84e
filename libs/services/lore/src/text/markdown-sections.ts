import type { TextSpan } from "./text-span";

/** A stretch of Markdown from one heading to the next, with the titles of the headings it sits under. */
export interface MarkdownSection extends TextSpan {
  headingPath: string[];
}

interface Heading {
  start: number;
  level: number;
  title: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const BLANK = /^[ \t]*$/;
const FRONT_MATTER_OPEN = /^---[ \t]*\r?\n/;
const FRONT_MATTER_MAX_CHARS = 65_536;
const FRONT_MATTER_CLOSE = /\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
// Lines a setext underline cannot turn into a heading: list items, quotes, indented code, tables.
const NOT_PARAGRAPH = /^(?: {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)| {0,3}>| {4}|\t|\s*\|)/;

/**
 * Splits Markdown at ATX (`## Title`) and setext (`Title` over `===`/`---`) headings, ignoring lines
 * inside fenced code blocks. The sections tile the text; text before the first heading has an empty
 * path.
 */
export function markdownSections(text: string): MarkdownSection[] {
  if (text.length === 0) return [];
  const headings = findHeadings(text);
  const sections: MarkdownSection[] = [];
  const firstStart = headings[0]?.start ?? text.length;
  if (firstStart > 0) sections.push({ start: 0, end: firstStart, headingPath: [] });
  const open: Heading[] = [];
  headings.forEach((heading, index) => {
    while ((open.at(-1)?.level ?? 0) >= heading.level) open.pop();
    open.push(heading);
    const end = headings[index + 1]?.start ?? text.length;
    sections.push({ start: heading.start, end, headingPath: open.map(({ title }) => title) });
  });
  return sections;
}

function findHeadings(text: string): Heading[] {
  const headings: Heading[] = [];
  let fence: { marker: string; length: number } | undefined;
  let paragraphStart: number | undefined;
  let paragraphAllowed = true;
  for (let lineStart = frontMatterEnd(text); lineStart < text.length;) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd);
    const nextLineStart = lineEnd + 1;

    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      lineStart = nextLineStart;
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    const atx = ATX_HEADING.exec(line);
    const underline = SETEXT_UNDERLINE.exec(line);
    if (fenceMatch && !(fenceMatch[1]!.startsWith("`") && fenceMatch[2]!.includes("`"))) {
      fence = { marker: fenceMatch[1]![0]!, length: fenceMatch[1]!.length };
      paragraphStart = undefined;
    } else if (atx) {
      headings.push({ start: lineStart, level: atx[1]!.length, title: (atx[2] ?? "").trim() });
      paragraphStart = undefined;
    } else if (underline) {
      // Without a paragraph above, "---" is a thematic break, not a heading.
      if (paragraphStart !== undefined) {
        const title = text.slice(paragraphStart, lineStart).replace(/\s+/g, " ").trim();
        headings.push({ start: paragraphStart, level: underline[1]!.startsWith("=") ? 1 : 2, title });
      }
      paragraphStart = undefined;
    } else if (BLANK.test(line)) {
      paragraphStart = undefined;
      paragraphAllowed = true;
    } else if (paragraphStart === undefined) {
      paragraphAllowed &&= !NOT_PARAGRAPH.test(line);
      if (paragraphAllowed) paragraphStart = lineStart;
    }
    lineStart = nextLineStart;
  }
  return headings;
}

// YAML front matter ("---" … "---" at the very top) holds metadata, and its closing "---" is no setext underline.
function frontMatterEnd(text: string): number {
  if (!FRONT_MATTER_OPEN.test(text)) return 0;
  const close = FRONT_MATTER_CLOSE.exec(text.slice(0, FRONT_MATTER_MAX_CHARS));
  return close ? close.index + close[0].length : 0;
}

function closesFence(line: string, fence: { marker: string; length: number }): boolean {
  const match = FENCE.exec(line);
  return (
    match !== null && match[1]![0] === fence.marker && match[1]!.length >= fence.length && BLANK.test(match[2] ?? "")
  );
}
