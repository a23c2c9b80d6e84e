import { describe, expect, it } from "vitest";
import { seededNormal } from "../../forecasting/synthetic-noise";
import { createSlidingWindow } from "./sliding-window";

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe("createSlidingWindow", () => {
  it("keeps the last `capacity` values in arrival order", () => {
    const window = createSlidingWindow(3);
    for (const value of [5, 1, 4, 2]) window.push(value);
    expect(window.size).toBe(3);
    expect(window.values()).toEqual([1, 4, 2]);
  });

  it("matches a sort for the median, MAD and quantiles as values come and go", () => {
    const noise = seededNormal(7);
    for (const capacity of [1, 2, 7, 50]) {
      const window = createSlidingWindow(capacity);
      const kept: number[] = [];
      for (let step = 0; step < 400; step += 1) {
        // Rounded, so ties with the median and between values occur often (+ 0 turns -0 into 0).
        const value = Math.round(noise() * 3) + 0;
        window.push(value);
        kept.push(value);
        if (kept.length > capacity) kept.shift();
        const center = median(kept);
        expect(window.median()).toBe(center);
        expect(window.medianAbsoluteDeviation(center)).toBe(median(kept.map((one) => Math.abs(one - center))));
        expect(window.medianAbsoluteDeviation(center + 0.5)).toBe(
          median(kept.map((one) => Math.abs(one - center - 0.5))),
        );
        const sorted = [...kept].sort((left, right) => left - right);
        expect(window.quantile(0)).toBe(sorted[0]);
        expect(window.quantile(1)).toBe(sorted.at(-1));
      }
    }
  });

  it("measures departures from a value only over the values that differ from it", () => {
    const window = createSlidingWindow(10);
    for (const value of [0, 0, 0, 0, 0, 0, 0, 4, -6, 10]) window.push(value);
    expect(window.medianAbsoluteDeviation(0)).toBe(0);
    expect(window.medianDeparture(0)).toBe(6);
    const constant = createSlidingWindow(2);
    constant.push(1);
    constant.push(1);
    expect(constant.medianDeparture(1)).toBe(0);
  });

  it("interpolates quantiles between neighbouring values", () => {
    const window = createSlidingWindow(5);
    for (const value of [40, 10, 30, 20, 50]) window.push(value);
    expect(window.quantile(0.25)).toBe(20);
    expect(window.quantile(0.375)).toBe(25);
  });

  it("refuses a statistic of an empty window and a capacity below one", () => {
    expect(() => createSlidingWindow(4).median()).toThrow(RangeError);
    expect(() => createSlidingWindow(0)).toThrow(RangeError);
  });
});
