import { CHUNKS_PER_EVENT } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { chunkPartCount, chunkParts, planChunkChanges, type ChunkChange } from "./chunk-changes";

describe("planChunkChanges", () => {
  it("keeps the embedding of each chunk whose text the previous version has, and embeds the rest", () => {
    const previous = [
      { id: "p0", hash: "a" },
      { id: "p1", hash: "b" },
    ];
    const next = [
      { id: "n0", hash: "b", content: "B" },
      { id: "n1", hash: "c", content: "C" },
      { id: "n2", hash: "a", content: "A" },
    ];
    expect(planChunkChanges(previous, next)).toEqual([
      { kind: "keep", fromChunkId: "p1", toChunkId: "n0" },
      { kind: "embed", chunkId: "n1", content: "C" },
      { kind: "keep", fromChunkId: "p0", toChunkId: "n2" },
    ]);
  });

  it("moves a previous chunk's embedding to one new chunk only, embedding repeats of its text", () => {
    const next = [
      { id: "n0", hash: "a", content: "A" },
      { id: "n1", hash: "a", content: "A" },
    ];
    expect(planChunkChanges([{ id: "p0", hash: "a" }], next)).toEqual([
      { kind: "keep", fromChunkId: "p0", toChunkId: "n0" },
      { kind: "embed", chunkId: "n1", content: "A" },
    ]);
  });
});

describe("chunkParts", () => {
  it("sends an empty version as one empty part", () => {
    expect(chunkPartCount(0)).toBe(1);
    expect(chunkParts([])).toEqual([{ embed: [], keep: [] }]);
  });

  it("splits changes in order into parts of at most CHUNKS_PER_EVENT chunks", () => {
    const changes: ChunkChange[] = Array.from({ length: CHUNKS_PER_EVENT * 2 + 1 }, (_, index) =>
      index % 2 === 0
        ? { kind: "embed", chunkId: `n${index}`, content: `text ${index}` }
        : { kind: "keep", fromChunkId: `p${index}`, toChunkId: `n${index}` },
    );
    const parts = chunkParts(changes);
    expect(parts).toHaveLength(chunkPartCount(changes.length));
    expect(parts.map((part) => part.embed.length + part.keep.length)).toEqual([CHUNKS_PER_EVENT, CHUNKS_PER_EVENT, 1]);
    expect(
      parts
        .flatMap((part) => [...part.embed.map((chunk) => chunk.chunkId), ...part.keep.map((pair) => pair.toChunkId)])
        .sort(),
    ).toEqual(changes.map((change) => (change.kind === "embed" ? change.chunkId : change.toChunkId)).sort());
  });
});
