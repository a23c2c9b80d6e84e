import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import {
  MAX_QUERY_BUCKETS,
  metricAggregateSchema,
  metricKindSchema,
  metricNameSchema,
  parseBucketSeconds,
} from "./metrics";

/** The forecasting models a forecast model may use. */
export const forecastModelTypeSchema = z.enum(["seasonal_naive", "holt_winters", "linear_trend"], {
  error: "modelType is one of seasonal_naive, holt_winters, linear_trend",
});
export type ForecastModelTypeName = z.infer<typeof forecastModelTypeSchema>;

/** Furthest a forecast reaches past its last bucket: horizon × bucket, at most 366 days. */
export const MAX_FORECAST_SPAN_SECONDS = 366 * 24 * 3_600;
/** Fewest buckets a model may fit on (each model needs more for its seasons; a run says how many). */
export const MIN_FORECAST_HISTORY = 3;

const bucketSchema = z
  .string()
  .max(40)
  .refine((text) => {
    const seconds = parseBucketSeconds(text);
    return seconds !== undefined && seconds >= 1 && seconds <= 365 * 24 * 3_600;
  }, "bucket is a width from 1 second to 365 days, such as '1 hour' or '15 minutes'");

function isDimensionFilter(value: unknown): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= 16 &&
    entries.every(
      ([key, text]) => key.length >= 1 && key.length <= 128 && typeof text === "string" && text.length <= 1_024,
    )
  );
}

const whereSchema = z.custom<Record<string, string>>(isDimensionFilter, {
  error: "where is an object of at most 16 dimension values: keys of 1 to 128 characters, values of at most 1024",
});

const horizonSchema = z
  .number()
  .int("horizon must be a whole number of buckets")
  .min(1, "horizon must be at least 1 bucket")
  .max(10_000, "horizon must be at most 10000 buckets");

/**
 * What a model fits and how its series is read. Which model parameters (seasonLength, seasonality,
 * damped, fitHorizon, alpha, beta, gamma, phi) a model type takes, and their ranges, the service
 * checks per type and names in field errors.
 */
export const forecastParametersSchema = z.strictObject({
  /** Buckets in one season, e.g. 24 for a daily cycle of hourly buckets. */
  seasonLength: z.number().int("seasonLength must be a whole number of buckets").optional(),
  seasonality: z
    .enum(["additive", "multiplicative"], { error: "seasonality is additive or multiplicative" })
    .optional(),
  damped: z.boolean().optional(),
  fitHorizon: z.number().int("fitHorizon must be a whole number of buckets").optional(),
  alpha: z.number().optional(),
  beta: z.number().optional(),
  gamma: z.number().optional(),
  phi: z.number().optional(),
  /** Width of the buckets the metric is aggregated into; one forecast point per bucket. */
  bucket: bucketSchema.default("1 hour"),
  aggregate: metricAggregateSchema.default("avg"),
  /** How many of the latest whole buckets the model is fitted on. */
  history: z
    .number()
    .int("history must be a whole number of buckets")
    .min(MIN_FORECAST_HISTORY, `history must be at least ${MIN_FORECAST_HISTORY} buckets`)
    .max(MAX_QUERY_BUCKETS, `history must be at most ${MAX_QUERY_BUCKETS} buckets`)
    .default(720),
  /** Only points whose dimensions hold all of these values. */
  where: whereSchema.optional(),
  /** The probability, in percent, that a future value lies between a forecast's lower and upper. */
  confidenceLevel: z
    .number()
    .min(50, "confidenceLevel is a percentage from 50 to 99.9")
    .max(99.9, "confidenceLevel is a percentage from 50 to 99.9")
    .default(95),
});
export type ForecastParametersInput = z.input<typeof forecastParametersSchema>;
export type ForecastParametersSettings = z.infer<typeof forecastParametersSchema>;

/** Whether `horizon` buckets of `bucket` reach no further than MAX_FORECAST_SPAN_SECONDS. */
export function forecastSpanFits(horizon: number, bucket: string): boolean {
  return horizon * (parseBucketSeconds(bucket) ?? 0) <= MAX_FORECAST_SPAN_SECONDS;
}
export const FORECAST_SPAN_RULE = "horizon × bucket reaches at most 366 days ahead; shorten the horizon";

const nameSchema = z.string().trim().min(1, "name must not be empty").max(200, "name must be at most 200 characters");
const descriptionSchema = z.string().trim().max(1_000, "description must be at most 1000 characters");
/** How often the refresh job reruns the model, as a width such as '6 hours' (1 minute to 365 days). */
const refreshEverySchema = z
  .string()
  .max(40)
  .refine((text) => {
    const seconds = parseBucketSeconds(text);
    return seconds !== undefined && seconds >= 60 && seconds <= 365 * 24 * 3_600;
  }, "refreshEvery is a width from 1 minute to 365 days, such as '6 hours'");

export const createForecastModelInputSchema = z
  .strictObject({
    name: nameSchema,
    description: descriptionSchema.optional(),
    /** The metric forecast. */
    metric: metricNameSchema,
    kind: metricKindSchema.default("business"),
    modelType: forecastModelTypeSchema,
    parameters: forecastParametersSchema.prefault({}),
    horizon: horizonSchema.default(48),
    refreshEvery: refreshEverySchema.optional(),
  })
  .superRefine((input, context) => {
    if (!forecastSpanFits(input.horizon, input.parameters.bucket)) {
      context.addIssue({ code: "custom", path: ["horizon"], message: FORECAST_SPAN_RULE });
    }
  });

const MODEL_CHANGES = [
  "name",
  "description",
  "metric",
  "kind",
  "modelType",
  "parameters",
  "horizon",
  "refreshEvery",
] as const;

/** Changes to a model; `parameters`, when given, replace the stored ones whole. */
export const updateForecastModelInputSchema = z
  .strictObject({
    modelId: idSchema,
    name: nameSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    metric: metricNameSchema.optional(),
    kind: metricKindSchema.optional(),
    modelType: forecastModelTypeSchema.optional(),
    parameters: forecastParametersSchema.optional(),
    horizon: horizonSchema.optional(),
    /** null stops the scheduled refresh. */
    refreshEvery: refreshEverySchema.nullable().optional(),
  })
  .refine((input) => MODEL_CHANGES.some((field) => input[field] !== undefined), {
    message: "give at least one field to change",
  });

export const forecastModelIdInputSchema = z.strictObject({ modelId: idSchema });

export const listForecastModelsInputSchema = pageInputSchema
  .extend({ search: z.string().trim().min(1).max(100).optional(), metric: metricNameSchema.optional() })
  .strict();

/** How the latest run's backtest scored: forecasts of the last `holdout` buckets from the ones before. */
export const forecastAccuracySchema = z.object({
  /** Mean absolute percentage error; null when every held-out value is 0. */
  mape: z.number().nullable(),
  /** Symmetric MAPE, 0–200. */
  smape: z.number(),
  /** Mean absolute scaled error against seasonal naive; null when that scale is 0 or undefined. */
  mase: z.number().nullable(),
  holdout: z.number().int().positive(),
  /** Buckets the forecast was fitted on. */
  fittedOn: z.number().int().positive(),
  /** Share (0–1) of held-out values inside the backtest's bands, per level in percent. */
  bandCoverage: z.array(z.object({ level: z.number(), coverage: z.number() })),
});
export type ForecastAccuracy = z.infer<typeof forecastAccuracySchema>;

/** Why a series could not be forecast, in a word a program can branch on. */
export const forecastFailureReasonSchema = z.enum([
  "series_too_short",
  "non_positive_values",
  "non_finite_values",
  "invalid_horizon",
  "invalid_level",
]);
export type ForecastFailureReason = z.infer<typeof forecastFailureReasonSchema>;

export const forecastModelDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  metric: z.string(),
  kind: metricKindSchema,
  modelType: forecastModelTypeSchema,
  parameters: forecastParametersSchema,
  horizon: z.number().int(),
  refreshEverySeconds: z.number().int().nullable(),
  lastRunAt: z.date().nullable(),
  accuracy: forecastAccuracySchema.nullable(),
  /** Why the latest scheduled run made no forecast; null once a run succeeds. */
  lastFailure: z.object({ at: z.date(), reason: forecastFailureReasonSchema, message: z.string() }).nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ForecastModelDetails = z.infer<typeof forecastModelDetailsSchema>;

export const forecastModelPageSchema = pageSchema(forecastModelDetailsSchema);

export const runForecastInputSchema = z.strictObject({ modelId: idSchema, horizon: horizonSchema.optional() });

const forecastPointSchema = z.object({ time: z.date(), value: z.number(), lower: z.number(), upper: z.number() });

export const runForecastOutputSchema = z.object({
  modelId: z.string(),
  /** The level, in percent, of every point's lower and upper. */
  confidenceLevel: z.number(),
  bucketSeconds: z.number().int().positive(),
  points: z.array(forecastPointSchema),
  accuracy: forecastAccuracySchema,
});

export const listForecastsInputSchema = z
  .strictObject({
    modelId: idSchema,
    from: z.date().optional(),
    /** Exclusive. */
    to: z.date().optional(),
    limit: z.number().int().min(1).max(10_000).default(1_000),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    path: ["from"],
    message: "from must be before to",
  });

export const listForecastsOutputSchema = z.object({
  modelId: z.string(),
  metric: z.string(),
  points: z.array(forecastPointSchema.extend({ lower: z.number().nullable(), upper: z.number().nullable() })),
  /** More points lie in the range than `limit`; narrow it. */
  truncated: z.boolean(),
});
