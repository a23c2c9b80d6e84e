import { describe, expect, it } from "vitest";
import { distanceSpace } from "./exact-neighbours";
import { recallAtK } from "./recall";
import type { VectorSet } from "./vector-set";

// Points on a line at 0, 1, 2, 2, 3, 4: rows 2 and 3 lie at the same distance from a query at 0.
const base: VectorSet = { count: 6, dimensions: 1, values: Float32Array.from([0, 1, 2, 2, 3, 4]) };
const queries: VectorSet = { count: 1, dimensions: 1, values: Float32Array.from([0]) };
const space = distanceSpace("l2", base);
const truth = Int32Array.from([0, 1, 2]);

describe("recallAtK", () => {
  it("is 1 when the search returns the true neighbours", () => {
    expect(recallAtK(space, queries, [0], truth, 3, [[0, 1, 2]], 3)).toBe(1);
  });

  it("counts a row tied with the k-th true neighbour as found", () => {
    expect(recallAtK(space, queries, [0], truth, 3, [[0, 1, 3]], 3)).toBe(1);
  });

  it("counts rows farther than the k-th true neighbour as missed", () => {
    expect(recallAtK(space, queries, [0], truth, 3, [[0, 4, 5]], 3)).toBeCloseTo(1 / 3);
  });

  it("counts a short answer as missing what it left out", () => {
    expect(recallAtK(space, queries, [0], truth, 3, [[0, 1]], 3)).toBeCloseTo(2 / 3);
  });
});
