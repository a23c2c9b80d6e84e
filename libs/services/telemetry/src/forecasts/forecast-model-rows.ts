import {
  forecastAccuracySchema,
  forecastFailureReasonSchema,
  forecastModelTypeSchema,
  forecastParametersSchema,
  metricKindSchema,
  type ForecastModelDetails,
} from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Selectable } from "kysely";
import { z } from "zod";

/** A forecast model's row as stored. */
export type ForecastModelRow = Selectable<Database["timeseries.forecast_models"]>;

/**
 * What a model's `parameters` column holds: the parameters as given, defaults applied, and the
 * metric kind, which has no column of its own.
 */
const storedParametersSchema = forecastParametersSchema.extend({ kind: metricKindSchema.default("business") });

/** What a model's `accuracy_metrics` column holds: the latest backtest, and why the latest scheduled run failed. */
const storedRunSchema = z.object({
  lastFailure: z.object({ at: z.iso.datetime(), reason: forecastFailureReasonSchema, message: z.string() }).optional(),
});

/** The `parameters` column's value for these parameters and metric kind. */
export function storedParameters(parameters: z.input<typeof forecastParametersSchema>, kind: string): string {
  return JSON.stringify({ ...parameters, kind });
}

/** The parameters and metric kind a model row holds; a row that no longer parses is the server's fault. */
export function settingsOf(row: Pick<ForecastModelRow, "parameters">) {
  const { kind, ...parameters } = storedParametersSchema.parse(row.parameters);
  return { kind, parameters };
}

/** A model row as clients see it. */
export function toForecastModelDetails(row: ForecastModelRow): ForecastModelDetails {
  const { kind, parameters } = settingsOf(row);
  const accuracy = forecastAccuracySchema.safeParse(row.accuracy_metrics);
  const lastFailure = storedRunSchema.parse(row.accuracy_metrics).lastFailure;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    metric: row.target_metric,
    kind,
    modelType: forecastModelTypeSchema.parse(row.model_type),
    parameters,
    horizon: row.horizon,
    refreshEverySeconds: row.refresh_every_seconds,
    lastRunAt: row.last_run_at,
    accuracy: accuracy.success ? accuracy.data : null,
    lastFailure: lastFailure ? { ...lastFailure, at: new Date(lastFailure.at) } : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
