import { describe, expect, it } from "vitest";
import { forecastModelSchema, ForecastInputError } from "../forecasting";
import { seededNormal } from "../forecasting/synthetic-noise";
import { computeForecast, minimumSeriesLength } from "./compute-forecast";

const daily = (days: number, seed = 7) => {
  const noise = seededNormal(seed);
  return Array.from({ length: days * 24 }, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24) + 2 * noise());
};
const holtWinters = forecastModelSchema.parse({ modelType: "holt_winters", parameters: { seasonLength: 24 } });
const naive = forecastModelSchema.parse({ modelType: "seasonal_naive", parameters: { seasonLength: 24 } });

function refusalOf(work: () => unknown): ForecastInputError {
  try {
    work();
  } catch (error) {
    if (error instanceof ForecastInputError) return error;
    throw error;
  }
  throw new Error("expected the forecast to be refused");
}

describe("computeForecast", () => {
  it("forecasts the horizon inside bands of the asked level and backtests on as many held-out values", () => {
    const { points, accuracy } = computeForecast(holtWinters, daily(14), 24, 95);
    expect(points.map((point) => point.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (const point of points) {
      expect(point.lower).toBeLessThanOrEqual(point.value);
      expect(point.value).toBeLessThanOrEqual(point.upper);
      expect(point.upper - point.lower).toBeGreaterThan(0);
    }
    // The season peaks 6 hours into each day at about 120 and bottoms out at 18 hours at about 80.
    expect(points[5]!.value).toBeGreaterThan(110);
    expect(points[17]!.value).toBeLessThan(90);
    expect(accuracy).toMatchObject({ holdout: 24, fittedOn: 14 * 24 });
    expect(accuracy.smape).toBeLessThan(5);
    expect(accuracy.mase).not.toBeNull();
    expect(accuracy.bandCoverage.map((band) => band.level)).toEqual([80, 95]);
    for (const band of accuracy.bandCoverage) expect(band.coverage).toBeGreaterThanOrEqual(0.5);
  });

  it("reports the coverage of the model's own level beside 80% and 95%", () => {
    const { accuracy } = computeForecast(naive, daily(4), 12, 90);
    expect(accuracy.bandCoverage.map((band) => band.level)).toEqual([80, 90, 95]);
  });

  it("holds out fewer values than the horizon when the series is short", () => {
    const values = daily(3).slice(0, minimumSeriesLength(holtWinters) + 2);
    const { points, accuracy } = computeForecast(holtWinters, values, 48, 95);
    expect(points).toHaveLength(48);
    expect(accuracy.holdout).toBe(3);
  });

  it("scores an exactly linear series with no error", () => {
    const line = Array.from({ length: 30 }, (_, t) => 5 + 3 * t);
    const model = forecastModelSchema.parse({ modelType: "linear_trend", parameters: {} });
    const { points, accuracy } = computeForecast(model, line, 3, 95);
    expect(points.map((point) => point.value)).toEqual([95, 98, 101].map((value) => expect.closeTo(value, 9)));
    expect(accuracy.smape).toBeCloseTo(0, 9);
  });

  it("names how many buckets a series too short needs", () => {
    const refusal = refusalOf(() => computeForecast(holtWinters, daily(2).slice(0, 40), 24, 95));
    expect(refusal.reason).toBe("series_too_short");
    expect(refusal.message).toContain("needs at least 49 buckets with data");
    expect(refusal.message).toContain("the series holds 40");
  });

  it("refuses multiplicative seasons on a series that reaches zero", () => {
    const model = forecastModelSchema.parse({
      modelType: "holt_winters",
      parameters: { seasonLength: 24, seasonality: "multiplicative" },
    });
    const values = daily(5).map((value) => value - 100);
    expect(refusalOf(() => computeForecast(model, values, 24, 95)).reason).toBe("non_positive_values");
  });
});
