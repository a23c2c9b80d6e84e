import { describe, expect, it } from "vitest";
import { forecastModelSchema, holtWintersParametersSchema, linearTrendParametersSchema } from "./forecast-parameters";

describe("forecast parameters", () => {
  it("fills Holt-Winters defaults: additive, undamped, fitted one step ahead", () => {
    expect(holtWintersParametersSchema.parse({ seasonLength: 24 })).toEqual({
      seasonLength: 24,
      seasonality: "additive",
      damped: false,
      fitHorizon: 1,
    });
  });

  it("gives a linear trend no season unless asked, even without parameters", () => {
    expect(linearTrendParametersSchema.parse({})).toEqual({ seasonLength: 1 });
    expect(forecastModelSchema.parse({ modelType: "linear_trend" })).toEqual({
      modelType: "linear_trend",
      parameters: { seasonLength: 1 },
    });
  });

  it("refuses season lengths that are not whole numbers from 1 to 10000", () => {
    for (const seasonLength of [0, 10_001, 1.5, -3]) {
      expect(holtWintersParametersSchema.safeParse({ seasonLength }).success).toBe(false);
    }
    expect(holtWintersParametersSchema.safeParse({ seasonLength: 10_000 }).success).toBe(true);
  });

  it("refuses smoothing weights outside (0, 1)", () => {
    for (const weights of [{ alpha: 0 }, { beta: 1 }, { gamma: -0.1 }, { phi: 1.2 }]) {
      expect(holtWintersParametersSchema.safeParse({ seasonLength: 4, ...weights }).success).toBe(false);
    }
    const given = holtWintersParametersSchema.parse({ seasonLength: 4, alpha: 0.2, beta: 0.1, gamma: 0.3, phi: 1 });
    expect(given).toMatchObject({ alpha: 0.2, beta: 0.1, gamma: 0.3, phi: 1 });
  });

  it("refuses an unknown seasonality and parameters a model does not take", () => {
    expect(holtWintersParametersSchema.safeParse({ seasonLength: 4, seasonality: "logistic" }).success).toBe(false);
    const seasonal = forecastModelSchema.safeParse({
      modelType: "seasonal_naive",
      parameters: { seasonLength: 7, alpha: 0.5 },
    });
    expect(seasonal.success).toBe(false);
  });

  it("needs a season length for the seasonal models", () => {
    expect(forecastModelSchema.safeParse({ modelType: "seasonal_naive", parameters: {} }).success).toBe(false);
    expect(forecastModelSchema.safeParse({ modelType: "holt_winters", parameters: {} }).success).toBe(false);
  });
});
