import { describe, expect, it } from "vitest";
import { planKeeps, type KeptChunk, type StoredChunk } from "./keep-plan";

const MODEL = "model-now";
const OTHER_MODEL = "model-before";

function stored(id: string, chunkId: string, modelId = MODEL): StoredChunk {
  return { id, modelId, chunkId, content: `text of ${chunkId}` };
}

/** A kept chunk as parts without lineage send it: the embedding goes to the new chunk. */
const moved = (fromChunkId: string, toChunkId: string): KeptChunk => ({ fromChunkId, toChunkId, target: toChunkId });

describe("planKeeps, embeddings kept where their lineage began", () => {
  const kept: KeptChunk = { fromChunkId: "a2", toChunkId: "a3", target: "a1" };

  it("writes nothing for an embedding stored under its lineage's first chunk", () => {
    const plan = planKeeps([kept], [stored("e1", "a1")], MODEL, false);
    expect(plan).toEqual({ inPlace: 1, moves: [], reembeds: [], missing: [] });
  });

  it("moves an embedding stored under the previous chunk (moved there before lineage) to the first chunk", () => {
    const plan = planKeeps([kept], [stored("e1", "a2")], MODEL, false);
    expect(plan).toEqual({ inPlace: 0, moves: [{ embeddingId: "e1", toChunkId: "a1" }], reembeds: [], missing: [] });
  });

  it("embeds the stored text again, under the first chunk, when only another model's embedding exists", () => {
    const plan = planKeeps([kept], [stored("e1", "a1", OTHER_MODEL)], MODEL, false);
    expect(plan.reembeds).toEqual([{ chunkId: "a1", content: "text of a1" }]);
  });
});

describe("planKeeps, embeddings that move to each new chunk", () => {
  it("moves the previous version's embedding of the same model to the new chunk", () => {
    const plan = planKeeps([moved("a1", "a2")], [stored("e1", "a1")], MODEL, true);
    expect(plan).toEqual({ inPlace: 0, moves: [{ embeddingId: "e1", toChunkId: "a2" }], reembeds: [], missing: [] });
  });

  it("stamps again an embedding the new chunk already has, as when a part is handled again", () => {
    const plan = planKeeps([moved("a1", "a2")], [stored("old", "a1"), stored("moved", "a2")], MODEL, true);
    expect(plan.moves).toEqual([{ embeddingId: "moved", toChunkId: "a2" }]);
  });

  it("embeds the stored text again when only another model's embedding exists", () => {
    const plan = planKeeps([moved("a1", "a2")], [stored("e1", "a1", OTHER_MODEL)], MODEL, true);
    expect(plan).toEqual({ inPlace: 0, moves: [], reembeds: [{ chunkId: "a2", content: "text of a1" }], missing: [] });
  });

  it("moves one embedding to one chunk and embeds a second chunk kept from the same text", () => {
    const plan = planKeeps([moved("a1", "a2"), moved("a1", "b2")], [stored("e1", "a1")], MODEL, true);
    expect(plan.moves).toEqual([{ embeddingId: "e1", toChunkId: "a2" }]);
    expect(plan.reembeds).toEqual([{ chunkId: "b2", content: "text of a1" }]);
  });

  it("names kept chunks that have no embedding at all", () => {
    const plan = planKeeps([moved("a1", "a2"), moved("gone", "b2")], [stored("e1", "a1")], MODEL, true);
    expect(plan.missing).toEqual(["gone"]);
  });
});
