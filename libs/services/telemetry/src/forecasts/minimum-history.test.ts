import { describe, expect, it } from "vitest";
import { fitForecastModel, forecastModelSchema, ForecastInputError, type ForecastModel } from "../forecasting";
import { minimumFitLength } from "./minimum-history";

const models: ForecastModel[] = [1, 2, 7, 24].flatMap((seasonLength) => [
  forecastModelSchema.parse({ modelType: "seasonal_naive", parameters: { seasonLength } }),
  forecastModelSchema.parse({ modelType: "holt_winters", parameters: { seasonLength } }),
  forecastModelSchema.parse({ modelType: "linear_trend", parameters: { seasonLength } }),
]);

const wave = (length: number) => Array.from({ length }, (_, t) => 10 + Math.sin(t) + t / 10);

function fitFailure(model: ForecastModel, length: number): string | null {
  try {
    fitForecastModel(model.modelType, wave(length), model.parameters);
    return null;
  } catch (error) {
    if (error instanceof ForecastInputError) return error.reason;
    throw error;
  }
}

describe("minimumFitLength", () => {
  it.each(models.map((model) => [model.modelType, model.parameters.seasonLength, model] as const))(
    "is exactly the shortest series %s with seasonLength %i fits on",
    (_type, _season, model) => {
      const minimum = minimumFitLength(model);
      expect(fitFailure(model, minimum)).toBeNull();
      expect(fitFailure(model, minimum - 1)).toBe("series_too_short");
    },
  );
});
