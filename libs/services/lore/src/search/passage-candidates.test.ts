import { describe, expect, it } from "vitest";
import { fusePassageRankings, mentionReasons, type PassageCandidate } from "./passage-candidates";

function passage(chunkId: string, reasons: string[]): PassageCandidate {
  return {
    chunkId,
    documentId: `doc-${chunkId}`,
    title: "A document",
    version: 1,
    chunkIndex: 0,
    start: 0,
    end: 10,
    headingPath: [],
    content: "some text",
    score: 1,
    reasons,
  };
}

describe("mentionReasons", () => {
  it("says which entities a passage mentions, those named in the question first", () => {
    expect(
      mentionReasons([
        { entity: "Analytical Engine", relatedTo: "Ada Lovelace", by: "worked_on" },
        { entity: "Ada Lovelace", relatedTo: null, by: null },
      ]),
    ).toEqual([
      'mentions "Ada Lovelace" (named in the question)',
      'mentions "Analytical Engine" (related to "Ada Lovelace" by "worked_on")',
    ]);
  });
});

describe("fusePassageRankings", () => {
  it("keeps every reason a passage was found for", () => {
    const passages = fusePassageRankings(
      [[passage("x", ["by words"]), passage("y", ["by words"])], [passage("y", ["by meaning"])]],
      5,
    );
    expect(passages.map((found) => found.chunkId)).toEqual(["y", "x"]);
    expect(passages[0]!.reasons).toEqual(["by words", "by meaning"]);
  });
});
