import { z } from "zod";
import type { ForecastModelType } from "./forecast-types";

const MAX_STEPS = 10_000;

const seasonLength = z
  .number()
  .int("seasonLength must be a whole number of steps")
  .min(1, "seasonLength must be at least 1 (1 means no season)")
  .max(MAX_STEPS, `seasonLength must be at most ${MAX_STEPS}`);
const weight = (name: string) =>
  z
    .number()
    .gt(0, `${name} must lie strictly between 0 and 1`)
    .lt(1, `${name} must lie strictly between 0 and 1`)
    .optional();

/** Seasonal naive: repeats the last season (`seasonLength` 1 repeats the last value). */
export const seasonalNaiveParametersSchema = z.strictObject({ seasonLength });

/**
 * Holt–Winters: smoothing weights left out are fitted to the series. `damped` fits a damping
 * factor phi for the trend unless phi is given; `fitHorizon` is how many steps ahead the fitted
 * weights should forecast well (1, the classic fit, minimises one-step errors).
 */
export const holtWintersParametersSchema = z.strictObject({
  seasonLength,
  seasonality: z.enum(["additive", "multiplicative"]).default("additive"),
  damped: z.boolean().default(false),
  fitHorizon: z
    .number()
    .int("fitHorizon must be a whole number of steps")
    .min(1, "fitHorizon must be at least 1")
    .max(MAX_STEPS, `fitHorizon must be at most ${MAX_STEPS}`)
    .default(1),
  alpha: weight("alpha"),
  beta: weight("beta"),
  gamma: weight("gamma"),
  phi: z.number().gt(0, "phi must lie in (0, 1]").lte(1, "phi must lie in (0, 1]").optional(),
});

/** Linear trend by least squares, with one level per season position when `seasonLength` > 1. */
export const linearTrendParametersSchema = z.strictObject({ seasonLength: seasonLength.default(1) });

/** The parameters each model type accepts. */
export const forecastParameterSchemas = {
  seasonal_naive: seasonalNaiveParametersSchema,
  holt_winters: holtWintersParametersSchema,
  linear_trend: linearTrendParametersSchema,
} as const satisfies Record<ForecastModelType, z.ZodType>;

/** A model type with its parameters, as a model is created. */
export const forecastModelSchema = z.discriminatedUnion("modelType", [
  z.strictObject({ modelType: z.literal("seasonal_naive"), parameters: seasonalNaiveParametersSchema }),
  z.strictObject({ modelType: z.literal("holt_winters"), parameters: holtWintersParametersSchema }),
  z.strictObject({ modelType: z.literal("linear_trend"), parameters: linearTrendParametersSchema.prefault({}) }),
]);

/** The parameters of each model type once defaults are applied. */
export type ForecastParameters = { [T in ForecastModelType]: z.infer<(typeof forecastParameterSchemas)[T]> };
/** A model type with its parameters once defaults are applied. */
export type ForecastModel = z.infer<typeof forecastModelSchema>;
