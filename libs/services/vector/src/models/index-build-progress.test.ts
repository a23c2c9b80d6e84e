import { describe, expect, it } from "vitest";
import { indexBuildPercent } from "./index-build-progress";

describe("indexBuildPercent", () => {
  it("reads an HNSW build's table scan from its blocks, to one decimal", () => {
    // A row seen while pgvector loaded tuples: "building index: loading tuples".
    expect(indexBuildPercent({ blocksTotal: 4_286, blocksDone: 546, tuplesTotal: 0, tuplesDone: 3_816 })).toBe(12.7);
    expect(indexBuildPercent({ blocksTotal: 4_286, blocksDone: 4_286, tuplesTotal: 0, tuplesDone: 30_000 })).toBe(100);
  });

  it("falls back to tuples when no blocks are counted", () => {
    expect(indexBuildPercent({ blocksTotal: 0, blocksDone: 0, tuplesTotal: 800, tuplesDone: 200 })).toBe(25);
  });

  it("reads 0 while nothing is counted yet, and never leaves 0–100", () => {
    expect(indexBuildPercent({ blocksTotal: 0, blocksDone: 0, tuplesTotal: 0, tuplesDone: 0 })).toBe(0);
    expect(indexBuildPercent({ blocksTotal: 10, blocksDone: 12, tuplesTotal: 0, tuplesDone: 0 })).toBe(100);
  });
});
