import type { ForecastModelTypeName, ForecastParametersSettings } from "@cauldron/contracts";
import { invalidFields, type InvalidField } from "@cauldron/rpc";
import type { z } from "zod";
import { forecastModelSchema, type ForecastModel } from "../forecasting";

/** The parameters that shape the model itself; the others say how its series is read. */
const MODEL_PARAMETER_KEYS = [
  "seasonLength",
  "seasonality",
  "damped",
  "fitHorizon",
  "alpha",
  "beta",
  "gamma",
  "phi",
] as const;

/** The model's own parameters among a model's stored or given ones, leaving out those not given. */
export function modelParametersOf(parameters: ForecastParametersSettings): Record<string, unknown> {
  return Object.fromEntries(
    MODEL_PARAMETER_KEYS.flatMap((key) => (parameters[key] === undefined ? [] : [[key, parameters[key]]])),
  );
}

function fieldIssues(modelType: ForecastModelTypeName, given: Record<string, unknown>, issues: z.core.$ZodIssue[]) {
  return issues.flatMap((issue): InvalidField[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: ["parameters", key], message: `${modelType} takes no ${key}` }));
    }
    const key = issue.path[1];
    if (issue.code === "invalid_type" && typeof key === "string" && given[key] === undefined) {
      return [{ path: ["parameters", key], message: `${modelType} needs ${key}, the number of buckets in one season` }];
    }
    return [
      { path: issue.path.filter((part): part is string | number => typeof part !== "symbol"), message: issue.message },
    ];
  });
}

/**
 * The model `modelType` makes of `parameters`, checked by the forecasting models' own rules; a
 * refusal is BAD_REQUEST naming each bad field under `parameters`. Holt-Winters also needs a season
 * of two buckets or more: with one, its level and season would track the same thing.
 */
export function forecastModelOf(
  modelType: ForecastModelTypeName,
  parameters: ForecastParametersSettings,
): ForecastModel {
  const given = modelParametersOf(parameters);
  const parsed = forecastModelSchema.safeParse({ modelType, parameters: given });
  if (!parsed.success) throw invalidFields(fieldIssues(modelType, given, parsed.error.issues));
  if (parsed.data.modelType === "holt_winters" && parsed.data.parameters.seasonLength < 2) {
    throw invalidFields([
      {
        path: ["parameters", "seasonLength"],
        message: "holt_winters needs a seasonLength of at least 2; use linear_trend for a series without season",
      },
    ]);
  }
  return parsed.data;
}
