import type { ForecastAccuracy } from "@cauldron/contracts";
import {
  accuracyMetrics,
  fitForecastModel,
  ForecastInputError,
  type ForecastModel,
  type ForecastPoint,
} from "../forecasting";
import { minimumFitLength } from "./minimum-history";

/** The band levels, in percent, whose coverage every backtest reports beside the model's own. */
const REPORTED_LEVELS = [80, 95];

/** One forecast bucket, `step` buckets after the last value. */
export interface ComputedPoint {
  step: number;
  value: number;
  lower: number;
  upper: number;
}

/** A forecast of a series and how well the same model would have forecast its latest values. */
export interface ComputedForecast {
  points: ComputedPoint[];
  accuracy: ForecastAccuracy;
}

/** The shortest series `model` can be fitted on and backtested on at least one held-out value. */
export function minimumSeriesLength(model: ForecastModel): number {
  return minimumFitLength(model) + 1;
}

function bandCoverage(actual: readonly number[], forecasts: readonly ForecastPoint[], levels: readonly number[]) {
  return levels.map((level, index) => {
    const inside = actual.filter((value, step) => {
      const band = forecasts[step]!.bands[index]!;
      return value >= band.lower && value <= band.upper;
    });
    return { level, coverage: inside.length / actual.length };
  });
}

/**
 * Forecasts `horizon` values past `values` with a band of `confidenceLevel` percent, after a
 * backtest: the model fitted without the latest `holdout` values (the horizon, or fewer when the
 * series is short) forecasts them, scored by MAPE, sMAPE, MASE and the coverage of its bands.
 * Throws ForecastInputError for a series too short to fit and backtest, or one the model refuses.
 */
export function computeForecast(
  model: ForecastModel,
  values: readonly number[],
  horizon: number,
  confidenceLevel: number,
): ComputedForecast {
  const needed = minimumSeriesLength(model);
  if (values.length < needed) {
    throw new ForecastInputError(
      "series_too_short",
      `${model.modelType} with seasonLength ${model.parameters.seasonLength} needs at least ${needed} buckets with data (${needed - 1} to fit, 1 to backtest); the series holds ${values.length}`,
    );
  }
  const holdout = Math.min(horizon, values.length - minimumFitLength(model));
  const history = values.slice(0, values.length - holdout);
  const actual = values.slice(history.length);
  const levels = [...new Set([...REPORTED_LEVELS, confidenceLevel])].sort((a, b) => a - b);
  const backtest = fitForecastModel(model.modelType, history, model.parameters).forecast(holdout, levels);
  const scores = accuracyMetrics(
    actual,
    backtest.map((point) => point.value),
    history,
    model.parameters.seasonLength,
  );
  const forecast = fitForecastModel(model.modelType, values, model.parameters).forecast(horizon, [confidenceLevel]);
  return {
    points: forecast.map(({ step, value, bands }) => ({ step, value, lower: bands[0]!.lower, upper: bands[0]!.upper })),
    accuracy: {
      ...scores,
      holdout,
      fittedOn: values.length,
      bandCoverage: bandCoverage(actual, backtest, levels),
    },
  };
}
