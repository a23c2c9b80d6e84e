import { describe, expect, it } from "vitest";
import { rollingZScores } from "./nab-rolling-z-score";

describe("rollingZScores", () => {
  it("scores each point against the mean and sample deviation of the points before it, after a full window", () => {
    const scores = rollingZScores(Float64Array.from([1, 2, 3, 10, 3]), 3);
    expect(Array.from(scores.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    // Window 1, 2, 3: mean 2, sample deviation 1.
    expect(scores[3]).toBeCloseTo(8);
    // Window 2, 3, 10: mean 5, sample deviation √19.
    expect(scores[4]).toBeCloseTo(2 / Math.sqrt(19));
  });

  it("gives a flat line no score but a departure from it a high one", () => {
    const scores = rollingZScores(Float64Array.from([4, 4, 4, 4, 5]), 3);
    expect(scores[3]).toBe(0);
    expect(scores[4]).toBeGreaterThan(1_000);
  });
});
