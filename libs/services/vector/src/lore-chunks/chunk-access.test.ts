import { describe, expect, it } from "vitest";
import { isVersionComplete, loreChunkMetadata } from "./chunk-access";

describe("loreChunkMetadata", () => {
  it("marks a chunk restricted exactly when its document has teams", () => {
    const chunk = { documentId: "d", version: 2, part: 1 };
    const asOf = "2026-12-01T10:00:00.000Z";
    expect(loreChunkMetadata(chunk, { teamIds: [], teamIdsAsOf: asOf })).toEqual({
      documentId: "d",
      version: 2,
      part: 1,
      teamIds: [],
      restricted: false,
      teamIdsAsOf: asOf,
    });
    expect(loreChunkMetadata(chunk, { teamIds: ["t"], teamIdsAsOf: asOf }).restricted).toBe(true);
  });
});

describe("isVersionComplete", () => {
  it("is complete once every part from 0 to parts - 1 is stored or being written", () => {
    expect(isVersionComplete([], 0, 1)).toBe(true);
    expect(isVersionComplete([1], 0, 2)).toBe(true);
    expect(isVersionComplete([2, 0], 1, 3)).toBe(true);
  });

  it("is incomplete while a part is missing", () => {
    expect(isVersionComplete([], 1, 2)).toBe(false);
    expect(isVersionComplete([0, 1], 1, 3)).toBe(false);
  });
});
