import {
  FORECAST_SPAN_RULE,
  forecastModelTypeSchema,
  forecastSpanFits,
  type ForecastModelDetails,
  type updateForecastModelInputSchema,
} from "@cauldron/contracts";
import { invalidFields, requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { refreshSecondsOf } from "./create-forecast-model";
import { isForecastModelNameTaken, lockForecastModel } from "./forecast-model-queries";
import { settingsOf, storedParameters, toForecastModelDetails } from "./forecast-model-rows";
import { forecastModelOf } from "./forecast-model-settings";
import { FORECAST_MODEL_NOT_FOUND, forecastModelNameTaken } from "./forecast-refusals";
import { deleteForecasts } from "./forecast-rows";
import type { ForecastsCaller } from "./forecasts-caller";

type UpdateInput = z.infer<typeof updateForecastModelInputSchema>;

const FIELDS = ["name", "description", "metric", "kind", "modelType", "parameters", "horizon", "refreshEvery"] as const;

/**
 * Changes a model. A change to what it forecasts (metric, kind, model type or parameters) discards
 * its forecasts and backtest, which described the old series, and makes it due for its next refresh.
 */
export async function updateForecastModel(caller: ForecastsCaller, input: UpdateInput): Promise<ForecastModelDetails> {
  try {
    return await caller.tenant(async (trx) => {
      const row = requireFound(
        await lockForecastModel(trx, caller.organizationId, input.modelId),
        FORECAST_MODEL_NOT_FOUND,
      );
      const current = settingsOf(row);
      const modelType = input.modelType ?? forecastModelTypeSchema.parse(row.model_type);
      const parameters = input.parameters ?? current.parameters;
      const kind = input.kind ?? current.kind;
      const horizon = input.horizon ?? row.horizon;
      forecastModelOf(modelType, parameters);
      if (!forecastSpanFits(horizon, parameters.bucket)) {
        throw invalidFields([{ path: ["horizon"], message: FORECAST_SPAN_RULE }]);
      }
      const stored = storedParameters(parameters, kind);
      const seriesChanged =
        (input.metric ?? row.target_metric) !== row.target_metric ||
        modelType !== row.model_type ||
        stored !== storedParameters(current.parameters, current.kind);
      const updated = await trx
        .updateTable("timeseries.forecast_models")
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.refreshEvery !== undefined ? { refresh_every_seconds: refreshSecondsOf(input.refreshEvery) } : {}),
          target_metric: input.metric ?? row.target_metric,
          model_type: modelType,
          parameters: stored,
          horizon,
          ...(seriesChanged ? { accuracy_metrics: "{}", last_run_at: null } : {}),
        })
        .where("id", "=", row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (seriesChanged) await deleteForecasts(trx, row.id);
      await caller.record(trx, {
        action: "forecast_model.updated",
        target: { type: "forecast_model", id: row.id },
        metadata: {
          changedFields: FIELDS.filter((field) => input[field] !== undefined),
          forecastsDiscarded: seriesChanged,
        },
        events: [],
      });
      return toForecastModelDetails(updated);
    });
  } catch (error) {
    if (input.name !== undefined && isForecastModelNameTaken(error)) throw forecastModelNameTaken(input.name);
    throw error;
  }
}
