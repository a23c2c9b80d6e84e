import { accuracyMetrics, type AccuracyMetrics } from "./accuracy-metrics";
import { requireFiniteValues, requireHorizon, requireLength } from "./forecast-input-error";
import { forecastModelSchema } from "./forecast-parameters";
import type { ForecastModelType } from "./forecast-types";
import { fitPointForecaster } from "./fit-point-forecaster";

/**
 * How well `modelType` would have forecast the last `holdout` values: fitted to the values before
 * them, scored by MAPE, sMAPE and MASE. MASE scales by seasonal naive with period `seasonalPeriod`,
 * by default the model's seasonLength, so scores of one series under different models compare
 * when the caller fixes it.
 */
export function backtestForecastModel(
  modelType: ForecastModelType,
  values: readonly number[],
  parameters: unknown,
  holdout: number,
  seasonalPeriod?: number,
): AccuracyMetrics {
  const model = forecastModelSchema.parse({ modelType, parameters });
  requireFiniteValues(values);
  requireHorizon(holdout, "holdout");
  requireLength(values, holdout + 1, `A backtest holding out ${holdout} values`);
  const history = values.slice(0, values.length - holdout);
  const actual = values.slice(history.length);
  const { forecaster } = fitPointForecaster(model, history);
  const forecast = forecaster.forecastFrom(history.length, holdout);
  return accuracyMetrics(actual, forecast, history, seasonalPeriod ?? model.parameters.seasonLength);
}
