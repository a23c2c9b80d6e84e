import { requireLength } from "./forecast-input-error";
import type { PointForecaster } from "./forecast-types";

/** Seasonal naive: each future value repeats the value one season earlier (the last value when the season is 1). */
export function seasonalNaive(values: readonly number[], seasonLength: number): PointForecaster {
  requireLength(values, seasonLength + 1, `Seasonal naive with seasonLength ${seasonLength} (a season and a value)`);
  return {
    firstOrigin: seasonLength,
    relativeErrors: false,
    forecastFrom(origin, horizon) {
      const lastSeason = origin - seasonLength;
      const forecasts: number[] = [];
      for (let step = 0; step < horizon; step += 1) forecasts.push(values[lastSeason + (step % seasonLength)]!);
      return forecasts;
    },
  };
}
