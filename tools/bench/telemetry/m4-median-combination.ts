import {
  backtestForecastModel,
  ForecastInputError,
  type ForecastPoint,
} from "../../../libs/services/telemetry/src/forecasting";
import { M4_HOURLY_HORIZON, M4_HOURLY_PERIOD } from "./m4-hourly-series";
import type { M4Method } from "./m4-methods";

/**
 * How many of the pool's best models the combination takes the median of. Three held up best among
 * the rules tried (the best one alone, means of two or three, medians of three, five or all) when
 * chosen on the second-to-last two training days and scored on the last two, a window M4's test
 * values never enter.
 */
export const COMBINED_MODELS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The pool's methods by sMAPE on the last 48 training hours, fitted to the hours before them. */
export function rankByBacktest(train: readonly number[], pool: readonly M4Method[]): M4Method[] {
  const scored = pool.flatMap((method) => {
    try {
      const { smape } = backtestForecastModel(
        method.modelType,
        train,
        method.parameters,
        M4_HOURLY_HORIZON,
        M4_HOURLY_PERIOD,
      );
      return [{ method, smape }];
    } catch (error) {
      if (error instanceof ForecastInputError) return [];
      throw error;
    }
  });
  return scored.sort((a, b) => a.smape - b.smape).map(({ method }) => method);
}

/** Point by point and bound by bound, the median of several forecasts of the same steps with the same band levels. */
export function medianForecast(forecasts: readonly ForecastPoint[][]): ForecastPoint[] {
  return forecasts[0]!.map((first, index) => {
    const points = forecasts.map((forecast) => forecast[index]!);
    return {
      step: first.step,
      value: median(points.map((point) => point.value)),
      bands: first.bands.map((band, b) => ({
        level: band.level,
        lower: median(points.map((point) => point.bands[b]!.lower)),
        upper: median(points.map((point) => point.bands[b]!.upper)),
      })),
    };
  });
}
