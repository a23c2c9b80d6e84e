import type { ForecastAccuracy, ForecastFailureReason } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** Stores a successful run: its backtest replaces the last one and any failure noted before. */
export async function recordForecastRun(
  trx: Transaction<Database>,
  modelId: string,
  run: { accuracy: ForecastAccuracy; at: Date },
): Promise<void> {
  await trx
    .updateTable("timeseries.forecast_models")
    .set({ accuracy_metrics: JSON.stringify(run.accuracy), last_run_at: run.at })
    .where("id", "=", modelId)
    .execute();
}

/**
 * Notes why a scheduled run made no forecast, keeping the last good backtest; counting it as a
 * run puts the next try one refresh period later rather than at once.
 */
export async function recordForecastFailure(
  trx: Transaction<Database>,
  modelId: string,
  failure: { reason: ForecastFailureReason; message: string; at: Date },
): Promise<void> {
  const lastFailure = JSON.stringify({ lastFailure: { ...failure, at: failure.at.toISOString() } });
  await trx
    .updateTable("timeseries.forecast_models")
    .set({ accuracy_metrics: sql`accuracy_metrics || ${lastFailure}::jsonb`, last_run_at: failure.at })
    .where("id", "=", modelId)
    .execute();
}
