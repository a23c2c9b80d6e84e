import { describe, expect, it } from "vitest";
import { highlightedSnippet, openingSnippet } from "./snippet-markup";
import { MATCH_END, MATCH_START } from "./text-query-sql";

describe("highlightedSnippet", () => {
  it("escapes the text and marks the matches", () => {
    const headline = `use ${MATCH_START}<script>${MATCH_END} & "quotes"\n\nhere`;
    expect(highlightedSnippet(headline)).toBe("use <mark>&lt;script&gt;</mark> &amp; &quot;quotes&quot; here");
  });
});

describe("openingSnippet", () => {
  it("keeps a short text whole, on one line", () => {
    expect(openingSnippet("# Title\n\nFirst  line")).toBe("# Title First line");
  });

  it("cuts a long text at a word boundary", () => {
    const snippet = openingSnippet(`${"word ".repeat(60)}end`);
    expect(snippet.endsWith("word…")).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(201);
  });

  it("escapes markup and drops stray markers", () => {
    expect(openingSnippet(`<b>bold</b>${MATCH_START}`)).toBe("&lt;b&gt;bold&lt;/b&gt;");
  });
});
