import { describe, expect, it } from "vitest";
import { holtWinters } from "./holt-winters";
import { rollingOriginErrors } from "./rolling-origin-errors";
import { seasonalNaive } from "./seasonal-naive";

describe("rollingOriginErrors", () => {
  it("collects the errors of every origin by steps ahead", () => {
    // Origins 1, 2, 3 forecast 1, 2, 4 for every step; the actuals after them are (2, 4), (4, 7), (7).
    expect(rollingOriginErrors([1, 2, 4, 7], seasonalNaive([1, 2, 4, 7], 1), 2)).toEqual([
      [1, 2, 3],
      [3, 5],
    ]);
  });

  it("measures a multiplicative model's errors as ratios to its forecasts", () => {
    const values = Array.from({ length: 24 }, (_, t) => (t % 2 === 0 ? 10 : 30));
    const model = holtWinters(values, {
      seasonLength: 2,
      seasonality: "multiplicative",
      damped: false,
      fitHorizon: 1,
      alpha: 0.5,
      beta: 0.1,
      gamma: 0.1,
    });
    const [firstStep] = rollingOriginErrors([...values.slice(0, 23), 33], model, 1);
    expect(firstStep!.at(-1)).toBeCloseTo(0.1, 9);
  });

  it("spreads at most 400 origins over a long series", () => {
    const values = Array.from({ length: 5000 }, (_, t) => t % 7);
    const [firstStep] = rollingOriginErrors(values, seasonalNaive(values, 7), 3);
    expect(firstStep).toHaveLength(400);
    expect(firstStep!.every((error) => error === 0)).toBe(true);
  });
});
