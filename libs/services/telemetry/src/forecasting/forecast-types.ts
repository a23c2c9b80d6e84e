/** The forecasting models the telemetry service offers. */
export const FORECAST_MODEL_TYPES = ["seasonal_naive", "holt_winters", "linear_trend"] as const;

/** One of the forecasting models the telemetry service offers. */
export type ForecastModelType = (typeof FORECAST_MODEL_TYPES)[number];

/** The range that holds a future value with probability `level` percent. */
export interface PredictionBand {
  level: number;
  lower: number;
  upper: number;
}

/** The forecast `step` steps after the last value, with one band per requested level. */
export interface ForecastPoint {
  step: number;
  value: number;
  bands: PredictionBand[];
}

/**
 * A model fitted to a series, able to forecast from any earlier point of it: the rolling-origin
 * forecasts the prediction bands are measured on.
 */
export interface PointForecaster {
  /** Forecasts of the `horizon` values after the first `origin` values, from those values only. */
  forecastFrom(origin: number, horizon: number): number[];
  /** The earliest origin the model can forecast from. */
  readonly firstOrigin: number;
  /** Whether errors grow with the level (multiplicative models) and are best measured as ratios. */
  readonly relativeErrors: boolean;
}
