import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

/** One stored forecast bucket. */
export interface StoredForecastPoint {
  time: Date;
  value: number;
  lower: number | null;
  upper: number | null;
}

// Seven parameters a row; Postgres takes at most 65,535 in one statement.
const ROWS_PER_INSERT = 5_000;

/**
 * Replaces the model's forecasts from the first of `points` on with `points`: forecasts of earlier
 * buckets stay as the record of what was expected then, so every bucket holds at most one forecast,
 * the latest made before it.
 */
export async function replaceForecasts(
  trx: Transaction<Database>,
  model: { organizationId: string; modelId: string; metric: string },
  points: readonly StoredForecastPoint[],
): Promise<void> {
  const first = points[0];
  if (!first) return;
  await trx
    .deleteFrom("timeseries.forecasts")
    .where("model_id", "=", model.modelId)
    .where("time", ">=", first.time)
    .execute();
  for (let start = 0; start < points.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto("timeseries.forecasts")
      .values(
        points.slice(start, start + ROWS_PER_INSERT).map((point) => ({
          organization_id: model.organizationId,
          model_id: model.modelId,
          metric_name: model.metric,
          time: point.time,
          forecast_value: point.value,
          confidence_lower: point.lower,
          confidence_upper: point.upper,
        })),
      )
      .execute();
  }
}

/** Deletes every forecast of the model, as when what it forecasts changes. */
export async function deleteForecasts(trx: Transaction<Database>, modelId: string): Promise<void> {
  await trx.deleteFrom("timeseries.forecasts").where("model_id", "=", modelId).execute();
}

/** The model's forecasts in [from, to) by time, at most `limit` of them and one more to tell there are more. */
export async function listForecastPoints(
  trx: Transaction<Database>,
  modelId: string,
  range: { from?: Date | undefined; to?: Date | undefined; limit: number },
): Promise<StoredForecastPoint[]> {
  const rows = await trx
    .selectFrom("timeseries.forecasts")
    .select(["time", "forecast_value", "confidence_lower", "confidence_upper"])
    .where("model_id", "=", modelId)
    .$if(range.from !== undefined, (query) => query.where("time", ">=", range.from!))
    .$if(range.to !== undefined, (query) => query.where("time", "<", range.to!))
    .orderBy("time")
    .limit(range.limit + 1)
    .execute();
  return rows.map((row) => ({
    time: row.time,
    value: row.forecast_value,
    lower: row.confidence_lower,
    upper: row.confidence_upper,
  }));
}
