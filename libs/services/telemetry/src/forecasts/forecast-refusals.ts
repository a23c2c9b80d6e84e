import { conflict, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { ForecastInputError } from "../forecasting";

/** NOT_FOUND's message for a forecast model id that is not in the active organization. */
export const FORECAST_MODEL_NOT_FOUND = "Forecast model not found in this organization";

/** The CONFLICT (reason `name_taken`) for a model name the organization uses already. */
export function forecastModelNameTaken(name: string): RefusalError {
  return conflict("name_taken", `A forecast model named "${name}" already exists in this organization; choose another`);
}

/** The same refusal, its message naming the series the model read and, for a short one, what to change. */
export function inSeries(
  error: ForecastInputError,
  series: { metric: string; bucket: string; history: number },
): ForecastInputError {
  const where = `metric "${series.metric}" in '${series.bucket}' buckets over the latest ${series.history}`;
  const fix = error.reason === "series_too_short" ? "; write more points, widen history or shorten seasonLength" : "";
  return new ForecastInputError(error.reason, `Cannot forecast ${where}: ${error.message}${fix}`);
}

/** BAD_REQUEST for a series the model cannot forecast, saying why. */
export function forecastRefused(error: ForecastInputError): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
}
