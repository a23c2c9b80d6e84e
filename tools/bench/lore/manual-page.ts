import { Parser } from "htmlparser2";

// The manual's pages open and close with navigation naming the previous and next pages; an
// importer keeps the page's own content, so another page's title never makes this one a match.
const NAVIGATION = /<div class="nav(?:header|footer)">[\s\S]*?<\/div>/g;
// "2.6. ", "F.3.1. ", "Chapter 2. ", "Appendix F. ", "Part I. ": the numbering, not the title.
const SECTION_NUMBER = /^(?:(?:Chapter|Appendix|Part)\s+)?(?:\d+|[A-Z]|[IVX]+)(?:\.\d+)*\.\s+/;

/** A page of the PostgreSQL manual as lore imports it, and the titles of its sections. */
export interface ManualPage {
  file: string;
  /** The page's <title>, as the manual numbers it ("2.6. Joins Between Tables"). */
  title: string;
  /** The page's HTML without its navigation header and footer. */
  html: string;
  /** Its h2 and h3 headings, numbering removed, in order (the page's own title among them). */
  sectionTitles: string[];
}

/** The page without its navigation blocks. */
export function withoutNavigation(html: string): string {
  return html.replace(NAVIGATION, "");
}

/** A heading's text with its numbering removed and white space collapsed. */
export function headingText(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(SECTION_NUMBER, "");
}

/** Reads a page's title and its h2/h3 headings. */
export function readManualPage(file: string, source: string): ManualPage {
  const html = withoutNavigation(source);
  let title = "";
  const sectionTitles: string[] = [];
  let inTitle = false;
  let heading: string[] | null = null;
  let headingDepth = 0;
  const parser = new Parser({
    onopentag(name) {
      if (name === "title") inTitle = true;
      if (heading) headingDepth += name === "h2" || name === "h3" ? 1 : 0;
      else if (name === "h2" || name === "h3") heading = [];
    },
    ontext(text) {
      if (inTitle) title += text;
      heading?.push(text);
    },
    onclosetag(name) {
      if (name === "title") inTitle = false;
      if (!heading || (name !== "h2" && name !== "h3")) return;
      if (headingDepth > 0) {
        headingDepth -= 1;
        return;
      }
      const text = headingText(heading.join(""));
      if (text) sectionTitles.push(text);
      heading = null;
    },
  });
  parser.end(html);
  return { file, title: title.replace(/\s+/g, " ").trim(), html, sectionTitles };
}
