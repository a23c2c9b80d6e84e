import { describe, expect, it } from "vitest";
import { ForecastInputError } from "./forecast-input-error";
import { holtWinters, type HoltWintersSettings } from "./holt-winters";
import { seededNormal } from "./synthetic-noise";

const CLASSIC: Omit<HoltWintersSettings, "seasonLength"> = { seasonality: "additive", damped: false, fitHorizon: 1 };

/**
 * A series drawn from additive Holt–Winters itself (its error-correction form), so the weights
 * that generated it are the ones a fit should find.
 */
function additiveSeries(length: number, weights: { alpha: number; beta: number; gamma: number }, seed: number) {
  const noise = seededNormal(seed);
  const season = [8, 3, -2, -6, -5, 2];
  let level = 100;
  let trend = 0.2;
  return Array.from({ length }, (_, t) => {
    const error = noise();
    const effect = season[t % season.length]!;
    const value = level + trend + effect + error;
    level += trend + weights.alpha * error;
    trend += weights.alpha * weights.beta * error;
    season[t % season.length] = effect + weights.gamma * (1 - weights.alpha) * error;
    return value;
  });
}

describe("holtWinters", () => {
  it("recovers the weights that generated an additive series", () => {
    const truth = { alpha: 0.4, beta: 0.1, gamma: 0.3 };
    const fitted = holtWinters(additiveSeries(3000, truth, 7), { ...CLASSIC, seasonLength: 6 }).weights;
    expect(fitted.alpha).toBeCloseTo(truth.alpha, 1);
    expect(fitted.beta).toBeCloseTo(truth.beta, 1);
    expect(fitted.gamma).toBeCloseTo(truth.gamma, 1);
    expect(fitted.phi).toBe(1);
  });

  it("keeps the weights it is given and fits only the others", () => {
    const values = additiveSeries(600, { alpha: 0.4, beta: 0.1, gamma: 0.3 }, 11);
    const fitted = holtWinters(values, { ...CLASSIC, seasonLength: 6, alpha: 0.7, gamma: 0.05 }).weights;
    expect(fitted.alpha).toBe(0.7);
    expect(fitted.gamma).toBe(0.05);
    expect(fitted.beta).toBeGreaterThan(0);
  });

  it("continues a multiplicative season growing with a linear trend", () => {
    const profile = [0.6, 1.4, 1.2, 0.8];
    const values = Array.from({ length: 40 }, (_, t) => (50 + 2 * t) * profile[t % 4]!);
    const model = holtWinters(values, { ...CLASSIC, seasonLength: 4, seasonality: "multiplicative" });
    model.forecastFrom(40, 8).forEach((forecast, step) => {
      const t = 40 + step;
      const actual = (50 + 2 * t) * profile[t % 4]!;
      expect(Math.abs(forecast - actual) / actual).toBeLessThan(1e-3);
    });
  });

  it("fits a damping factor within its usual range when damped", () => {
    const values = additiveSeries(400, { alpha: 0.3, beta: 0.05, gamma: 0.2 }, 3);
    const { phi } = holtWinters(values, { ...CLASSIC, seasonLength: 6, damped: true, fitHorizon: 12 }).weights;
    expect(phi).toBeGreaterThanOrEqual(0.8);
    expect(phi).toBeLessThanOrEqual(0.98);
  });

  it("refuses multiplicative seasons on a series holding a value <= 0", () => {
    const values = [3, 1, 4, 1, 5, 0, 2, 6];
    const fit = () => holtWinters(values, { ...CLASSIC, seasonLength: 2, seasonality: "multiplicative" });
    expect(fit).toThrow(ForecastInputError);
    expect(fit).toThrow(/use additive seasonality/);
  });

  it("refuses a series shorter than two seasons", () => {
    expect(() => holtWinters([1, 2, 3, 4, 5], { ...CLASSIC, seasonLength: 3 })).toThrow(/two whole seasons/);
  });
});
