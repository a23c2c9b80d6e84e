import { headingText, type ManualPage } from "./manual-page";

/** A query whose one right answer is known: the page whose section it titles. */
export interface KnownAnswerQuery {
  query: string;
  /** The manual page (its file) that holds the section. */
  answerFile: string;
}

const key = (title: string) => title.toLowerCase();

/**
 * Every section title (h2/h3) of the pages as a query with its page as the answer, made
 * mechanically. Left out: a page's own title (the document carries it as its title, which would
 * give the answer away), and titles found on more than one page ("Description", "Examples"),
 * which have no single right answer.
 */
export function knownAnswerQueries(pages: readonly ManualPage[]): KnownAnswerQuery[] {
  const pagesOfTitle = new Map<string, Set<string>>();
  for (const page of pages) {
    for (const title of page.sectionTitles) {
      const files = pagesOfTitle.get(key(title)) ?? new Set<string>();
      files.add(page.file);
      pagesOfTitle.set(key(title), files);
    }
  }
  const pageTitles = new Set(pages.map((page) => key(headingText(page.title))));
  const queries: KnownAnswerQuery[] = [];
  const asked = new Set<string>();
  for (const page of pages) {
    for (const title of page.sectionTitles) {
      if (pageTitles.has(key(title)) || pagesOfTitle.get(key(title))!.size > 1 || asked.has(key(title))) continue;
      asked.add(key(title));
      queries.push({ query: title, answerFile: page.file });
    }
  }
  return queries;
}
