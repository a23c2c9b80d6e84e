import { describe, expect, it } from "vitest";
import { fuseByReciprocalRank, RECIPROCAL_RANK_K } from "./rank-fusion";

describe("fuseByReciprocalRank", () => {
  it("scores each id by the sum of weight / (k + rank) over the rankings holding it", () => {
    const fused = fuseByReciprocalRank([
      { ids: ["a", "b", "c"], weight: 1 },
      { ids: ["c", "a"], weight: 0.5 },
    ]);
    const k = RECIPROCAL_RANK_K;
    expect(fused).toEqual([
      { id: "a", score: 1 / (k + 1) + 0.5 / (k + 2) },
      { id: "c", score: 1 / (k + 3) + 0.5 / (k + 1) },
      { id: "b", score: 1 / (k + 2) },
    ]);
  });

  it("lets an id found by both rankings beat one found by either alone", () => {
    const fused = fuseByReciprocalRank([
      { ids: ["vector-only", "both"], weight: 0.5 },
      { ids: ["text-only", "both"], weight: 0.5 },
    ]);
    expect(fused.map((hit) => hit.id)).toEqual(["both", "vector-only", "text-only"]);
  });

  it("follows the weights: a heavier ranking's top id comes first", () => {
    const rankings = (vectorWeight: number) => [
      { ids: ["near"], weight: vectorWeight },
      { ids: ["matching words"], weight: 1 - vectorWeight },
    ];
    expect(fuseByReciprocalRank(rankings(0.8))[0]?.id).toBe("near");
    expect(fuseByReciprocalRank(rankings(0.2))[0]?.id).toBe("matching words");
  });

  it("uses the given k", () => {
    expect(fuseByReciprocalRank([{ ids: ["x", "y"], weight: 1 }], { k: 0 })).toEqual([
      { id: "x", score: 1 },
      { id: "y", score: 0.5 },
    ]);
  });

  it("breaks ties by rank first, then by the order of the rankings", () => {
    const fused = fuseByReciprocalRank([
      { ids: ["a1", "a2", "a3"], weight: 1 },
      { ids: ["b1", "b2"], weight: 1 },
    ]);
    expect(fused.map((hit) => hit.id)).toEqual(["a1", "b1", "a2", "b2", "a3"]);
  });

  it("returns the same order for the same input every time", () => {
    const rankings = [
      { ids: ["p", "q", "r", "s"], weight: 0.5 },
      { ids: ["s", "r", "q", "p"], weight: 0.5 },
    ];
    const first = fuseByReciprocalRank(rankings).map((hit) => hit.id);
    for (let run = 0; run < 5; run += 1) {
      expect(fuseByReciprocalRank(rankings).map((hit) => hit.id)).toEqual(first);
    }
    expect(first).toEqual(["p", "s", "q", "r"]);
  });

  it("counts an id repeated within one ranking once, at its best rank", () => {
    expect(fuseByReciprocalRank([{ ids: ["a", "b", "a"], weight: 1 }], { k: 0 })).toEqual([
      { id: "a", score: 1 },
      { id: "b", score: 0.5 },
    ]);
  });

  it("keeps ids of a zero-weight ranking, after every id that scored", () => {
    const fused = fuseByReciprocalRank([
      { ids: ["scored"], weight: 1 },
      { ids: ["unweighted"], weight: 0 },
    ]);
    expect(fused).toEqual([
      { id: "scored", score: 1 / (RECIPROCAL_RANK_K + 1) },
      { id: "unweighted", score: 0 },
    ]);
  });

  it("fuses nothing into nothing", () => {
    expect(fuseByReciprocalRank([])).toEqual([]);
    expect(fuseByReciprocalRank([{ ids: [], weight: 1 }])).toEqual([]);
  });

  it("refuses a negative or non-finite weight, and a negative k", () => {
    expect(() => fuseByReciprocalRank([{ ids: ["a"], weight: -1 }])).toThrow(RangeError);
    expect(() => fuseByReciprocalRank([{ ids: ["a"], weight: Number.NaN }])).toThrow(RangeError);
    expect(() => fuseByReciprocalRank([{ ids: ["a"], weight: 1 }], { k: -1 })).toThrow(RangeError);
  });
});
