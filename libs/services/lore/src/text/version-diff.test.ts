import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { diffTexts } from "./version-diff";

const v = (label: string, text: string) => ({ label, text });

describe("diffTexts", () => {
  it("writes a unified diff with three lines of context and counts changed lines", () => {
    const numbers = Array.from({ length: 20 }, (_, index) => String(index + 1));
    const before = `${numbers.join("\n")}\n`;
    const after = `${numbers.map((line) => (line === "5" ? "five" : line)).join("\n")}\ntwenty-one\n`;
    const diff = diffTexts(v("version 1", before), v("version 2", after));
    expect(diff).toEqual({
      unified: [
        "--- version 1",
        "+++ version 2",
        "@@ -2,7 +2,7 @@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
        "@@ -18,3 +18,4 @@",
        " 18",
        " 19",
        " 20",
        "+twenty-one",
        "",
      ].join("\n"),
      additions: 2,
      deletions: 1,
    });
  });

  it("gives no hunks for identical texts", () => {
    expect(diffTexts(v("a", "same\ntext\n"), v("b", "same\ntext\n"))).toEqual({
      unified: "--- a\n+++ b\n",
      additions: 0,
      deletions: 0,
    });
  });

  it("counts every line of a text written from nothing, or deleted", () => {
    expect(diffTexts(v("a", ""), v("b", "one\ntwo\nthree"))).toMatchObject({ additions: 3, deletions: 0 });
    expect(diffTexts(v("a", "one\ntwo\n"), v("b", ""))).toMatchObject({ additions: 0, deletions: 2 });
  });

  it("marks a last line without a line break", () => {
    const diff = diffTexts(v("a", "end"), v("b", "end\n"));
    expect(diff.unified).toContain("\\ No newline at end of file");
    expect(diff).toMatchObject({ additions: 1, deletions: 1 });
  });

  it("produces a diff that turns the first text into the second", () => {
    const before = "# Title\n\nIntro.\n\n## Part\n\nOld body.\n";
    const after = "# Title\n\nIntro, revised.\n\n## Part\n\nOld body.\n\n## New part\n\nMore.\n";
    expect(applyPatch(before, diffTexts(v("a", before), v("b", after)).unified)).toBe(after);
  });

  it("falls back to one coarse hunk when too many lines changed, still exact in effect", () => {
    const lines = (prefix: string) => Array.from({ length: 5_000 }, (_, index) => `${prefix} ${index}`);
    const before = ["same top", ...lines("old"), "same bottom", ""].join("\n");
    const after = ["same top", ...lines("new"), "same bottom", ""].join("\n");
    const diff = diffTexts(v("a", before), v("b", after));
    expect(diff).toMatchObject({ additions: 5_000, deletions: 5_000 });
    expect(diff.unified.match(/^@@/gm)).toHaveLength(1);
    expect(applyPatch(before, diff.unified)).toBe(after);
  });
});
