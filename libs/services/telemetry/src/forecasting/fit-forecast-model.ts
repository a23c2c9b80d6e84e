import { requireFiniteValues, requireHorizon, requireLevels } from "./forecast-input-error";
import { forecastModelSchema } from "./forecast-parameters";
import type { ForecastModelType, ForecastPoint } from "./forecast-types";
import { fitPointForecaster, type FittedForecastParameters } from "./fit-point-forecaster";
import { predictionBands } from "./prediction-intervals";
import { rollingOriginErrors } from "./rolling-origin-errors";

/** The band levels a forecast carries unless others are asked for, in percent. */
export const DEFAULT_BAND_LEVELS = [80, 95] as const;

/** A model fitted to a series, ready to forecast past its last value. */
export interface FittedForecastModel {
  modelType: ForecastModelType;
  parameters: FittedForecastParameters;
  /** The next `horizon` values, each with a band per level (percent) from the model's own past errors; no levels, no bands. */
  forecast(horizon: number, levels?: readonly number[]): ForecastPoint[];
}

/**
 * Fits `modelType` with `parameters` (validated against the model's schema) to `values`, oldest
 * first. Throws ZodError for bad parameters and ForecastInputError for a series the model cannot fit.
 */
export function fitForecastModel(
  modelType: ForecastModelType,
  values: readonly number[],
  parameters: unknown = {},
): FittedForecastModel {
  const model = forecastModelSchema.parse({ modelType, parameters });
  requireFiniteValues(values);
  const { forecaster, parameters: fitted } = fitPointForecaster(model, values);
  return {
    modelType,
    parameters: fitted,
    forecast(horizon, levels = DEFAULT_BAND_LEVELS) {
      requireHorizon(horizon);
      requireLevels(levels);
      const forecasts = forecaster.forecastFrom(values.length, horizon);
      const errors = levels.length > 0 ? rollingOriginErrors(values, forecaster, horizon) : [];
      const bands = predictionBands(forecasts, errors, levels, forecaster.relativeErrors);
      return forecasts.map((value, index) => ({ step: index + 1, value, bands: bands[index]! }));
    },
  };
}
