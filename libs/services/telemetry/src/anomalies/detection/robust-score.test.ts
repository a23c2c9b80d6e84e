import { describe, expect, it } from "vitest";
import { MAD_SCALE, robustScore } from "./robust-score";
import { createSlidingWindow } from "./sliding-window";

function windowOf(values: number[]) {
  const window = createSlidingWindow(values.length);
  for (const value of values) window.push(value);
  return window;
}

describe("robustScore", () => {
  it("measures the distance from the median in scaled MADs", () => {
    const window = windowOf([10, 11, 9, 10, 12, 8, 10]);
    const { median, spread, score } = robustScore(window, 16);
    expect(median).toBe(10);
    expect(spread).toBeCloseTo(MAD_SCALE * 1);
    expect(score).toBeCloseTo(6 / MAD_SCALE);
  });

  it("takes the interquartile range when values cluster on two levels and the MAD collapses", () => {
    // A quantised gauge moving between two readings is not anomalous at either of them.
    const window = windowOf([0.066, 0.1, 0.1, 0.068, 0.102, 0.1, 0.066, 0.1, 0.068, 0.1]);
    expect(robustScore(window, 0.066).score).toBeLessThan(3.5);
    expect(robustScore(window, 0.5).score).toBeGreaterThan(3.5);
  });

  it("judges a sparse counter against its usual departures when most of the window is one value", () => {
    const window = windowOf([0, 0, 0, 5, 0, 0, 0, 0, 6, 0, 0, 0, 4, 0, 0, 0]);
    expect(robustScore(window, 5).score).toBeLessThan(3.5);
    expect(robustScore(window, 80).score).toBeGreaterThan(3.5);
  });

  it("scores any real departure from a flat line high, and rounding noise low", () => {
    const window = windowOf(Array.from({ length: 20 }, () => 0.3));
    expect(robustScore(window, 0.3).score).toBe(0);
    expect(robustScore(window, 0.1 + 0.2).score).toBeLessThan(1);
    expect(robustScore(window, 0.31).score).toBeGreaterThan(1_000);
  });
});
