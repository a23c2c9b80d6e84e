import { forecastModelTypeSchema, type runForecastOutputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Kysely, Transaction } from "kysely";
import type { z } from "zod";
import { ForecastInputError } from "../forecasting";
import type { MetricsReader } from "../metrics/query-metrics";
import { computeForecast, type ComputedForecast } from "./compute-forecast";
import { settingsOf, type ForecastModelRow } from "./forecast-model-rows";
import { forecastModelOf } from "./forecast-model-settings";
import { inSeries } from "./forecast-refusals";
import { replaceForecasts } from "./forecast-rows";
import { recordForecastRun } from "./forecast-run-records";
import { readForecastSeries } from "./forecast-series";

/** What a run answers: the new forecast points and the backtest stored with them. */
export type ForecastRunResult = z.infer<typeof runForecastOutputSchema>;

/**
 * Runs a model its caller has locked, inside the caller's transaction: reads its series, fits and
 * backtests it, and stores the backtest and the forecast of the next `horizon` buckets in place of
 * the model's forecasts from there on. Throws ForecastInputError, naming the series, when the series
 * cannot be forecast; nothing is written then.
 */
export async function forecastWithModel(
  trx: Transaction<Database>,
  db: Kysely<Database>,
  row: ForecastModelRow,
  run: { horizon: number; now: Date },
): Promise<ForecastRunResult> {
  const { kind, parameters } = settingsOf(row);
  const model = forecastModelOf(forecastModelTypeSchema.parse(row.model_type), parameters);
  const settings = { metric: row.target_metric, kind, ...parameters };
  // The series is read in the run's own transaction, so the run is one unit of work.
  const reader: MetricsReader = { db, organizationId: row.organization_id, tenant: (work) => work(trx) };
  const series = await readForecastSeries(reader, settings, run.now);
  let computed: ComputedForecast;
  try {
    computed = computeForecast(model, series.values, run.horizon, parameters.confidenceLevel);
  } catch (error) {
    throw error instanceof ForecastInputError ? inSeries(error, settings) : error;
  }
  const lastBucket = series.lastBucket ?? run.now.getTime();
  const points = computed.points.map(({ step, value, lower, upper }) => ({
    time: new Date(lastBucket + step * series.bucketMs),
    value,
    lower,
    upper,
  }));
  const target = { organizationId: row.organization_id, modelId: row.id, metric: row.target_metric };
  await replaceForecasts(trx, target, points);
  await recordForecastRun(trx, row.id, { accuracy: computed.accuracy, at: run.now });
  return {
    modelId: row.id,
    confidenceLevel: parameters.confidenceLevel,
    bucketSeconds: series.bucketMs / 1_000,
    points,
    accuracy: computed.accuracy,
  };
}
