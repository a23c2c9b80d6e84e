import { describe, expect, it } from "vitest";
import { ForecastInputError } from "./forecast-input-error";
import { fitLinearTrendLine, linearTrend } from "./linear-trend";

describe("linearTrend", () => {
  it("fits the least squares line of a small series and extends it", () => {
    // t̄ = 1.5, ȳ = 2.75, Σ(t−t̄)(y−ȳ) = 5.5, Σ(t−t̄)² = 5: slope 1.1, intercept 2.75 − 1.1·1.5 = 1.1.
    const model = linearTrend([1, 3, 2, 5], 1);
    expect(model.line.slope).toBeCloseTo(1.1, 12);
    expect(model.line.intercepts[0]).toBeCloseTo(1.1, 12);
    const [fifth, sixth] = model.forecastFrom(4, 2);
    expect(fifth).toBeCloseTo(5.5, 12);
    expect(sixth).toBeCloseTo(6.6, 12);
  });

  it("recovers an exact line with a level per season position", () => {
    const profile = [0, 10, 20];
    const values = Array.from({ length: 12 }, (_, t) => 5 + 0.5 * t + profile[t % 3]!);
    const model = linearTrend(values, 3);
    expect(model.line.slope).toBeCloseTo(0.5, 12);
    model.line.intercepts.forEach((intercept, j) => expect(intercept).toBeCloseTo(5 + profile[j]!, 12));
    const forecasts = model.forecastFrom(12, 4);
    [11, 21.5, 32, 12.5].forEach((expected, i) => expect(forecasts[i]).toBeCloseTo(expected, 12));
  });

  it("fits from an earlier origin with the values before it only", () => {
    const values = [1, 3, 2, 5, 100, 200];
    expect(linearTrend(values, 1).forecastFrom(4, 1)[0]).toBeCloseTo(5.5, 12);
    expect(fitLinearTrendLine(values, 1, 4).slope).toBeCloseTo(1.1, 12);
  });

  it("refuses a series shorter than two seasons", () => {
    expect(() => linearTrend([1, 2, 3, 4, 5], 3)).toThrow(ForecastInputError);
  });
});
