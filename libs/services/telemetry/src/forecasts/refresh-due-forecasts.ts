import { withTenant, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { ForecastInputError } from "../forecasting";
import { dueForecastModelsAfter, lockDueForecastModel } from "./due-forecast-models";
import { toForecastModelDetails } from "./forecast-model-rows";
import { recordForecastFailure } from "./forecast-run-records";
import { forecastWithModel } from "./forecast-with-model";

const SCAN_BATCH = 100;

/** What one pass over the due models did. */
export interface ForecastRefreshSummary {
  refreshed: string[];
  /** Models whose series could not be forecast; noted on the model and tried again a period later. */
  refused: string[];
  /** Models whose run failed otherwise (the database, say); tried again at the next pass. */
  failed: string[];
}

export interface ForecastRefreshOptions {
  /** The moment due-ness and the latest whole bucket are measured from; the clock by default. */
  now?: Date;
  logger?: Logger;
  signal?: AbortSignal;
}

type Outcome = "refreshed" | "skipped" | { refused: string; repeated: boolean };

function refreshOne(db: Kysely<Database>, model: { id: string; organizationId: string }, now: Date): Promise<Outcome> {
  return withTenant(db, { userId: null, organizationId: model.organizationId }, async (trx) => {
    const row = await lockDueForecastModel(trx, model.id, now);
    if (!row) return "skipped";
    try {
      await forecastWithModel(trx, db, row, { horizon: row.horizon, now });
      return "refreshed";
    } catch (error) {
      if (!(error instanceof ForecastInputError)) throw error;
      // A series that stays too short says so again each period, with a count that grows: log the reason once.
      const repeated = toForecastModelDetails(row).lastFailure?.reason === error.reason;
      await recordForecastFailure(trx, row.id, { reason: error.reason, message: error.message, at: now });
      return { refused: error.message, repeated };
    }
  });
}

/**
 * Runs every model whose refresh period has passed, each in its own transaction inside its
 * organization, with its own horizon. A model another transaction holds is passed over; one whose
 * series cannot be forecast is noted and logged (once while the reason stays the same); any other
 * failure is logged and the model tried again at the next pass. No model stops the others.
 */
export async function refreshDueForecasts(
  db: Kysely<Database>,
  options: ForecastRefreshOptions = {},
): Promise<ForecastRefreshSummary> {
  const now = options.now ?? new Date();
  const summary: ForecastRefreshSummary = { refreshed: [], refused: [], failed: [] };
  let after: string | null = null;
  for (;;) {
    const batch = await dueForecastModelsAfter(db, now, after, SCAN_BATCH);
    for (const model of batch) {
      if (options.signal?.aborted) return summary;
      try {
        const outcome = await refreshOne(db, model, now);
        if (outcome === "refreshed") summary.refreshed.push(model.id);
        else if (outcome !== "skipped") {
          summary.refused.push(model.id);
          const level = outcome.repeated ? "debug" : "warn";
          options.logger?.[level](
            { modelId: model.id, reason: outcome.refused },
            "forecast model could not be refreshed",
          );
        }
      } catch (error) {
        summary.failed.push(model.id);
        options.logger?.error({ err: error, modelId: model.id }, "forecast model refresh failed");
      }
    }
    if (batch.length < SCAN_BATCH) return summary;
    after = batch[batch.length - 1]!.id;
  }
}
