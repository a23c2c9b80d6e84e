import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { fitForecastModel } from "./fit-forecast-model";
import { ForecastInputError } from "./forecast-input-error";
import { seededNormal } from "./synthetic-noise";

const noise = seededNormal(42);
const DAILY = Array.from({ length: 24 * 14 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 24) + 3 * noise());

describe("fitForecastModel", () => {
  it("forecasts each step with 80% and 95% bands, the wider around the narrower", () => {
    const points = fitForecastModel("holt_winters", DAILY, { seasonLength: 24 }).forecast(30);
    expect(points.map((point) => point.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const { value, bands } of points) {
      const [eighty, ninetyFive] = bands;
      expect(eighty!.level).toBe(80);
      expect(ninetyFive!.level).toBe(95);
      expect(eighty!.lower).toBeLessThan(value);
      expect(eighty!.upper).toBeGreaterThan(value);
      expect(ninetyFive!.lower).toBeLessThan(eighty!.lower);
      expect(ninetyFive!.upper).toBeGreaterThan(eighty!.upper);
    }
  });

  it("reports the weights it fitted beside the parameters it was given", () => {
    const model = fitForecastModel("holt_winters", DAILY, {
      seasonLength: 24,
      seasonality: "multiplicative",
      alpha: 0.2,
    });
    expect(model.parameters).toMatchObject({ seasonLength: 24, seasonality: "multiplicative", alpha: 0.2, phi: 1 });
    expect(model.parameters).toHaveProperty("beta");
    expect(model.parameters).toHaveProperty("gamma");
  });

  it("reports a linear trend's slope and intercepts", () => {
    const model = fitForecastModel("linear_trend", [1, 3, 2, 5]);
    expect(model.parameters).toEqual({
      seasonLength: 1,
      slope: expect.closeTo(1.1, 12),
      intercepts: [expect.closeTo(1.1, 12)],
    });
    expect(model.forecast(2, []).map((point) => point.value)).toEqual([
      expect.closeTo(5.5, 12),
      expect.closeTo(6.6, 12),
    ]);
  });

  it("carries the band levels asked for, or none", () => {
    const model = fitForecastModel("seasonal_naive", DAILY, { seasonLength: 24 });
    expect(model.forecast(3, [50]).map((point) => point.bands.map((band) => band.level))).toEqual([[50], [50], [50]]);
    expect(model.forecast(3, []).every((point) => point.bands.length === 0)).toBe(true);
  });

  it("refuses bad parameters, horizons, levels and values", () => {
    expect(() => fitForecastModel("seasonal_naive", DAILY, { seasonLength: 0 })).toThrow(ZodError);
    const model = fitForecastModel("seasonal_naive", DAILY, { seasonLength: 24 });
    expect(() => model.forecast(0)).toThrow(ForecastInputError);
    expect(() => model.forecast(2.5)).toThrow(/whole number/);
    expect(() => model.forecast(5, [80, 100])).toThrow(/between 0 and 100/);
    expect(() => fitForecastModel("linear_trend", [1, 2, Number.NaN, 4])).toThrow(/value 2 is NaN/);
  });

  it("refuses multiplicative seasons on a series that reaches 0, with a reason to act on", () => {
    const withZero = DAILY.map((value, t) => (t === 30 ? 0 : value));
    const fit = () => fitForecastModel("holt_winters", withZero, { seasonLength: 24, seasonality: "multiplicative" });
    expect(fit).toThrow(expect.objectContaining({ name: "ForecastInputError", reason: "non_positive_values" }));
  });
});
