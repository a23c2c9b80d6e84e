import { describe, expect, it } from "vitest";
import { planKeeps, type StoredChunk } from "./keep-plan";

const MODEL = "model-now";
const OTHER_MODEL = "model-before";

function stored(id: string, chunkId: string, modelId = MODEL): StoredChunk {
  return { id, modelId, chunkId, content: `text of ${chunkId}` };
}

describe("planKeeps", () => {
  it("moves the previous version's embedding of the same model to the new chunk", () => {
    const plan = planKeeps([{ fromChunkId: "a1", toChunkId: "a2" }], [stored("e1", "a1")], MODEL);
    expect(plan).toEqual({ moves: [{ embeddingId: "e1", toChunkId: "a2" }], reembeds: [], missing: [] });
  });

  it("keeps an embedding the new chunk already has, as when a part is handled again", () => {
    const plan = planKeeps(
      [{ fromChunkId: "a1", toChunkId: "a2" }],
      [stored("old", "a1"), stored("moved", "a2")],
      MODEL,
    );
    expect(plan.moves).toEqual([{ embeddingId: "moved", toChunkId: "a2" }]);
  });

  it("embeds the stored text again when only another model's embedding exists", () => {
    const plan = planKeeps([{ fromChunkId: "a1", toChunkId: "a2" }], [stored("e1", "a1", OTHER_MODEL)], MODEL);
    expect(plan).toEqual({ moves: [], reembeds: [{ chunkId: "a2", content: "text of a1" }], missing: [] });
  });

  it("moves one embedding to one chunk and embeds a second chunk kept from the same text", () => {
    const plan = planKeeps(
      [
        { fromChunkId: "a1", toChunkId: "a2" },
        { fromChunkId: "a1", toChunkId: "b2" },
      ],
      [stored("e1", "a1")],
      MODEL,
    );
    expect(plan.moves).toEqual([{ embeddingId: "e1", toChunkId: "a2" }]);
    expect(plan.reembeds).toEqual([{ chunkId: "b2", content: "text of a1" }]);
  });

  it("names kept chunks that have no embedding at all", () => {
    const plan = planKeeps(
      [
        { fromChunkId: "a1", toChunkId: "a2" },
        { fromChunkId: "gone", toChunkId: "b2" },
      ],
      [stored("e1", "a1")],
      MODEL,
    );
    expect(plan.missing).toEqual(["gone"]);
  });
});
