import type { PointForecaster } from "./forecast-types";

// Enough origins for stable tail quantiles; more would only add cost on long series.
const MAX_ORIGINS = 400;

/**
 * The errors of forecasts made from origins inside the series, by steps ahead: `errors[h - 1]`
 * holds `actual - forecast` h steps after each origin (or `actual / forecast - 1` when the model's
 * errors are relative). Origins are spread evenly from the model's first one to the last value.
 */
export function rollingOriginErrors(values: readonly number[], model: PointForecaster, horizon: number): number[][] {
  const errors: number[][] = Array.from({ length: horizon }, () => []);
  const first = model.firstOrigin;
  const span = values.length - first;
  if (span <= 0) return errors;
  const count = Math.min(span, MAX_ORIGINS);
  for (let k = 0; k < count; k += 1) {
    const origin = first + Math.floor((k * span) / count);
    const steps = Math.min(horizon, values.length - origin);
    model.forecastFrom(origin, steps).forEach((forecast, step) => {
      const actual = values[origin + step]!;
      if (!model.relativeErrors) errors[step]!.push(actual - forecast);
      else if (forecast > 0) errors[step]!.push(actual / forecast - 1);
    });
  }
  return errors;
}
