import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences";

describe("splitSentences", () => {
  it("splits after full stops, question and exclamation marks followed by a capital", () => {
    expect(splitSentences("We met. Did we agree? We did! 1812 was a year.")).toEqual([
      "We met.",
      "Did we agree?",
      "We did!",
      "1812 was a year.",
    ]);
  });

  it("keeps titles and abbreviations inside their sentence", () => {
    expect(splitSentences("Mr. Speaker, the U.S. Army is ready. Thank you.")).toEqual([
      "Mr. Speaker, the U.S. Army is ready.",
      "Thank you.",
    ]);
  });

  it("keeps a closing quote or bracket with the sentence it ends", () => {
    expect(splitSentences('He said "we will." (Applause.) Then he left.')).toEqual([
      'He said "we will."',
      "(Applause.)",
      "Then he left.",
    ]);
  });

  it("does not split before a lower-case word and keeps a trailing fragment", () => {
    expect(splitSentences("The sum was 4.5 million. and so on")).toEqual(["The sum was 4.5 million. and so on"]);
    expect(splitSentences("")).toEqual([]);
  });
});
