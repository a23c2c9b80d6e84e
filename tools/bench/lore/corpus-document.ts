/** One document of a public corpus, as it is handed to lore.documents.create. */
export interface CorpusDocument {
  /** Where the text comes from, e.g. `postgresql-manual/sql-createtable.html`. */
  source: string;
  title: string;
  contentType: "text/html" | "text/markdown" | "text/plain";
  content: string;
}
