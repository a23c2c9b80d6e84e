export {
  accuracyMetrics,
  meanAbsolutePercentageError,
  meanAbsoluteScaledError,
  symmetricMeanAbsolutePercentageError,
  type AccuracyMetrics,
} from "./accuracy-metrics";
export { backtestForecastModel } from "./backtest";
export { DEFAULT_BAND_LEVELS, fitForecastModel, type FittedForecastModel } from "./fit-forecast-model";
export type { FittedForecastParameters } from "./fit-point-forecaster";
export { ForecastInputError, type ForecastInputFailure } from "./forecast-input-error";
export {
  forecastModelSchema,
  forecastParameterSchemas,
  holtWintersParametersSchema,
  linearTrendParametersSchema,
  seasonalNaiveParametersSchema,
  type ForecastModel,
  type ForecastParameters,
} from "./forecast-parameters";
export {
  FORECAST_MODEL_TYPES,
  type ForecastModelType,
  type ForecastPoint,
  type PredictionBand,
} from "./forecast-types";
