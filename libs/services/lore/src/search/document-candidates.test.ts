import { fuseByReciprocalRank } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { bestPerDocument, fuseDocumentRankings, type DocumentCandidate } from "./document-candidates";

function candidate(documentId: string, chunkId: string | null, snippet: string | null): DocumentCandidate {
  return { documentId, title: documentId, version: 1, chunkId, headingPath: [], score: 0.5, snippet };
}

describe("fuseDocumentRankings", () => {
  it("orders documents by reciprocal rank over all rankings, keeping each one's places", () => {
    const text = [candidate("a", "a1", null), candidate("b", "b1", null)];
    const semantic = [candidate("b", "b2", "b two"), candidate("c", "c1", "c one")];
    const fuzzy = [candidate("c", null, "c opening")];
    const hits = fuseDocumentRankings({ text, semantic, fuzzy }, 10);
    const expected = fuseByReciprocalRank([
      { ids: ["a", "b"], weight: 1 },
      { ids: ["b", "c"], weight: 1 },
      { ids: ["c"], weight: 1 },
    ]);
    expect(hits.map((hit) => hit.documentId)).toEqual(expected.map((entry) => entry.id));
    expect(hits.map((hit) => hit.score)).toEqual(expected.map((entry) => entry.score));
    const b = hits.find((hit) => hit.documentId === "b")!;
    expect(b).toMatchObject({ chunkId: "b1", snippet: null, ranks: { text: 2, semantic: 1 } });
    const c = hits.find((hit) => hit.documentId === "c")!;
    expect(c).toMatchObject({ chunkId: "c1", snippet: "c one", ranks: { semantic: 2, fuzzy: 1 } });
  });

  it("answers at most the limit", () => {
    const text = ["a", "b", "c"].map((id) => candidate(id, null, id));
    expect(fuseDocumentRankings({ text, semantic: [], fuzzy: [] }, 2)).toHaveLength(2);
  });
});

describe("bestPerDocument", () => {
  it("keeps each document's first entry in order", () => {
    const ranked = [
      { documentId: "a", chunk: 1 },
      { documentId: "b", chunk: 2 },
      { documentId: "a", chunk: 3 },
    ];
    expect(bestPerDocument(ranked).map((entry) => entry.chunk)).toEqual([1, 2]);
  });
});
