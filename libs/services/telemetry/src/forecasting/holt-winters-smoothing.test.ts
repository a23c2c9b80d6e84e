import { describe, expect, it } from "vitest";
import { forecastHoltWinters, smoothHoltWinters } from "./holt-winters-smoothing";

const HALVES = { alpha: 0.5, beta: 0.5, gamma: 0.5, phi: 1 };

describe("smoothHoltWinters", () => {
  it("updates level, trend and season as the recursions say, step by step", () => {
    // t=0: forecast 9+1+0 = 10, no error; level 10, trend 1, season 0.
    // t=1: forecast 11, error 1; level .5·12+.5·11 = 11.5, trend .5·1.5+.5·1 = 1.25, season .5·(12−11.5) = 0.25.
    const states = smoothHoltWinters([10, 12], { level: 9, trend: 1, season: [0] }, "additive", HALVES);
    expect(states.sse).toBeCloseTo(1, 12);
    expect(states.level[2]).toBeCloseTo(11.5, 12);
    expect(states.trend[2]).toBeCloseTo(1.25, 12);
    expect(forecastHoltWinters(states, 2, 2)).toEqual([13, 14.25]);
  });

  it("scales the season in the multiplicative form", () => {
    const start = { level: 10, trend: 0, season: [0.5, 1.5] };
    const states = smoothHoltWinters([5, 15, 5, 15], start, "multiplicative", HALVES);
    expect(states.sse).toBe(0);
    expect(forecastHoltWinters(states, 4, 3)).toEqual([5, 15, 5]);
  });

  it("damps the trend of forecasts by phi per step", () => {
    const states = smoothHoltWinters([], { level: 100, trend: 10, season: [0] }, "additive", { ...HALVES, phi: 0.5 });
    expect(forecastHoltWinters(states, 0, 3)).toEqual([105, 107.5, 108.75]);
  });

  it("marks a multiplicative fit whose level leaves the positive numbers as unusable", () => {
    const start = { level: 1, trend: -5, season: [1] };
    expect(smoothHoltWinters([1, 1, 1], start, "multiplicative", HALVES).sse).toBe(Infinity);
  });
});
