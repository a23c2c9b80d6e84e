import { FORECAST_SPAN_RULE, forecastSpanFits, type runForecastInputSchema } from "@cauldron/contracts";
import { invalidFields, requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { ForecastInputError } from "../forecasting";
import { lockForecastModel } from "./forecast-model-queries";
import { settingsOf } from "./forecast-model-rows";
import { FORECAST_MODEL_NOT_FOUND, forecastRefused } from "./forecast-refusals";
import { forecastWithModel, type ForecastRunResult } from "./forecast-with-model";
import type { ForecastsCaller } from "./forecasts-caller";

/**
 * Runs a model now, in one transaction: waits for a run of the same model under way, then fits,
 * backtests and stores the forecast of `horizon` buckets (the model's own horizon by default). A
 * series the model cannot forecast is BAD_REQUEST saying what it lacks.
 */
export async function runForecast(
  caller: ForecastsCaller,
  input: z.infer<typeof runForecastInputSchema>,
): Promise<ForecastRunResult> {
  return caller.tenant(async (trx) => {
    const row = requireFound(
      await lockForecastModel(trx, caller.organizationId, input.modelId),
      FORECAST_MODEL_NOT_FOUND,
    );
    const horizon = input.horizon ?? row.horizon;
    if (!forecastSpanFits(horizon, settingsOf(row).parameters.bucket)) {
      throw invalidFields([{ path: ["horizon"], message: FORECAST_SPAN_RULE }]);
    }
    let result: ForecastRunResult;
    try {
      result = await forecastWithModel(trx, caller.db, row, { horizon, now: new Date() });
    } catch (error) {
      throw error instanceof ForecastInputError ? forecastRefused(error) : error;
    }
    await caller.record(trx, {
      action: "forecast_model.ran",
      target: { type: "forecast_model", id: row.id },
      metadata: { horizon, holdout: result.accuracy.holdout, smape: result.accuracy.smape },
      events: [],
    });
    return result;
  });
}
