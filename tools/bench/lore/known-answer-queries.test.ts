import { describe, expect, it } from "vitest";
import { knownAnswerQueries } from "./known-answer-queries";
import type { ManualPage } from "./manual-page";

const page = (file: string, title: string, sectionTitles: string[]): ManualPage => ({
  file,
  title,
  html: "",
  sectionTitles,
});

describe("knownAnswerQueries", () => {
  const pages = [
    page("sql-createtable.html", "CREATE TABLE", [
      "CREATE TABLE",
      "Description",
      "Storage Parameters",
      "Zero-Column Tables",
    ]),
    page("sql-altertable.html", "ALTER TABLE", ["ALTER TABLE", "Description", "storage parameters"]),
    page("tutorial-join.html", "2.6. Joins Between Tables", ["Joins Between Tables", "Outer Joins"]),
  ];

  it("asks each section title found on one page only, with that page as the answer", () => {
    expect(knownAnswerQueries(pages)).toEqual([
      { query: "Zero-Column Tables", answerFile: "sql-createtable.html" },
      { query: "Outer Joins", answerFile: "tutorial-join.html" },
    ]);
  });

  it("leaves out page titles, numbered or not", () => {
    const queries = knownAnswerQueries(pages).map((query) => query.query);
    expect(queries).not.toContain("CREATE TABLE");
    expect(queries).not.toContain("Joins Between Tables");
  });
});
