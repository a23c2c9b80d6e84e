import {
  fitForecastModel,
  ForecastInputError,
  type ForecastModelType,
  type ForecastPoint,
} from "../../../libs/services/telemetry/src/forecasting";
import { M4_HOURLY_HORIZON } from "./m4-hourly-series";

/** A forecasting model under a name for the benchmark table. */
export interface M4Method {
  name: string;
  modelType: ForecastModelType;
  parameters: Record<string, unknown>;
}

const method = (name: string, modelType: ForecastModelType, parameters: Record<string, unknown>): M4Method => ({
  name,
  modelType,
  parameters,
});

/** The published M4 benchmark the harness must reproduce. */
export const SEASONAL_NAIVE_24 = method("seasonal naive (24)", "seasonal_naive", { seasonLength: 24 });

/** Holt–Winters with a damped trend and weights fitted to forecast the two days M4 asks for. */
const holtWintersFitAhead = (seasonLength: number, seasonality: string) =>
  method(`Holt-Winters ${seasonality} (${seasonLength}), damped, fit 48 ahead`, "holt_winters", {
    seasonLength,
    seasonality,
    damped: true,
    fitHorizon: M4_HOURLY_HORIZON,
  });
const LINEAR_WEEKLY = method("linear trend + weekly profile (168)", "linear_trend", { seasonLength: 168 });

/**
 * Each model on its own: Holt–Winters as classically fitted (one step ahead), linear trends with
 * and without a weekly profile, and the best single model, weekly Holt–Winters fitted 48 ahead.
 */
export const SINGLE_METHODS: M4Method[] = [
  method("Holt-Winters additive (24)", "holt_winters", { seasonLength: 24, seasonality: "additive" }),
  method("Holt-Winters multiplicative (24)", "holt_winters", { seasonLength: 24, seasonality: "multiplicative" }),
  method("linear trend", "linear_trend", {}),
  LINEAR_WEEKLY,
  holtWintersFitAhead(168, "multiplicative"),
];

/** The models a per-series combination chooses from. */
export const COMBINATION_POOL: M4Method[] = [
  SEASONAL_NAIVE_24,
  method("seasonal naive (168)", "seasonal_naive", { seasonLength: 168 }),
  LINEAR_WEEKLY,
  holtWintersFitAhead(24, "additive"),
  holtWintersFitAhead(24, "multiplicative"),
  holtWintersFitAhead(168, "additive"),
  holtWintersFitAhead(168, "multiplicative"),
];

/**
 * The method's forecast of the next 48 hours with 80% and 95% bands. A multiplicative model falls
 * back to its additive twin on a series holding a value <= 0, as the service would tell a user to.
 */
export function forecastM4(train: readonly number[], method: M4Method, onFallback: () => void): ForecastPoint[] {
  try {
    return fitForecastModel(method.modelType, train, method.parameters).forecast(M4_HOURLY_HORIZON);
  } catch (error) {
    if (!(error instanceof ForecastInputError && error.reason === "non_positive_values")) throw error;
    onFallback();
    const additive = { ...method.parameters, seasonality: "additive" };
    return fitForecastModel(method.modelType, train, additive).forecast(M4_HOURLY_HORIZON);
  }
}
