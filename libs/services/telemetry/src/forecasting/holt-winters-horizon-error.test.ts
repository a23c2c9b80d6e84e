import { describe, expect, it } from "vitest";
import { horizonSquaredError } from "./holt-winters-horizon-error";
import { smoothHoltWinters } from "./holt-winters-smoothing";

const HALVES = { alpha: 0.5, beta: 0.5, gamma: 0.5, phi: 1 };
const VALUES = [10, 12, 13];
const STATES = smoothHoltWinters(VALUES, { level: 9, trend: 1, season: [0] }, "additive", HALVES);

describe("horizonSquaredError", () => {
  it("sums one-step errors from the second season on at horizon 1", () => {
    // After 1 value: forecast 11 for 12 (error 1). After 2: forecast 13 for 13 (error 0).
    expect(horizonSquaredError(STATES, VALUES, 1)).toBeCloseTo(1, 12);
  });

  it("adds the errors of every step up to the horizon", () => {
    // From origin 1: 11 and 12 for 12 and 13 (errors 1 and 1); from origin 2: 13 for 13.
    expect(horizonSquaredError(STATES, VALUES, 2)).toBeCloseTo(2, 12);
  });

  it("rules out weights whose smoothing broke down", () => {
    expect(horizonSquaredError({ ...STATES, sse: Infinity }, VALUES, 2)).toBe(Infinity);
  });
});
