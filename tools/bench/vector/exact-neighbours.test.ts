import { describe, expect, it } from "vitest";
import { distanceSpace, distanceTo, exactNeighbours, type DistanceKind } from "./exact-neighbours";
import { rowOf, type VectorSet } from "./vector-set";

// A small deterministic generator, so a failure can be replayed.
function randomSet(count: number, dimensions: number, seed: number): VectorSet {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648 - 0.5;
  };
  return { count, dimensions, values: Float32Array.from({ length: count * dimensions }, next) };
}

function naiveNeighbours(
  kind: DistanceKind,
  base: VectorSet,
  query: Float32Array,
  k: number,
  rows: number[],
): number[] {
  const distance = (row: number) => {
    const other = rowOf(base, row);
    let dot = 0;
    let queryNorm = 0;
    let rowNorm = 0;
    let squared = 0;
    for (let index = 0; index < base.dimensions; index += 1) {
      dot += query[index]! * other[index]!;
      queryNorm += query[index]! ** 2;
      rowNorm += other[index]! ** 2;
      squared += (query[index]! - other[index]!) ** 2;
    }
    return kind === "l2" ? squared : 1 - dot / Math.sqrt(queryNorm * rowNorm);
  };
  return [...rows].sort((a, b) => distance(a) - distance(b)).slice(0, k);
}

describe("exactNeighbours", () => {
  const base = randomSet(500, 24, 7);
  const queries = randomSet(9, 24, 11);
  const queryRows = Array.from({ length: queries.count }, (_, row) => row);
  const allRows = Array.from({ length: base.count }, (_, row) => row);

  for (const kind of ["l2", "cosine"] as const) {
    it(`finds the same ${kind} neighbours as sorting every distance, nearest first`, () => {
      const found = exactNeighbours(distanceSpace(kind, base), queries, queryRows, 5);
      for (const row of queryRows) {
        expect(Array.from(found.subarray(row * 5, row * 5 + 5))).toEqual(
          naiveNeighbours(kind, base, rowOf(queries, row), 5, allRows),
        );
      }
    });
  }

  it("looks only at the candidate rows it is given", () => {
    const candidates = Int32Array.from(allRows.filter((row) => row % 3 === 0));
    const found = exactNeighbours(distanceSpace("l2", base), queries, queryRows, 4, candidates);
    for (const row of queryRows) {
      expect(Array.from(found.subarray(row * 4, row * 4 + 4))).toEqual(
        naiveNeighbours("l2", base, rowOf(queries, row), 4, Array.from(candidates)),
      );
    }
  });

  it("marks missing neighbours with -1 when fewer rows qualify than asked for", () => {
    const found = exactNeighbours(distanceSpace("cosine", base), queries, [0], 4, Int32Array.from([3, 8]));
    expect(Array.from(found).filter((row) => row === -1)).toHaveLength(2);
    expect(Array.from(found.subarray(0, 2)).sort()).toEqual([3, 8]);
  });

  it("measures cosine distance as one minus the cosine similarity", () => {
    const pair: VectorSet = { count: 2, dimensions: 2, values: Float32Array.from([1, 0, 0, 2]) };
    const space = distanceSpace("cosine", pair);
    expect(distanceTo(space, Float32Array.from([3, 0]), 0)).toBeCloseTo(0);
    expect(distanceTo(space, Float32Array.from([3, 0]), 1)).toBeCloseTo(1);
  });
});
