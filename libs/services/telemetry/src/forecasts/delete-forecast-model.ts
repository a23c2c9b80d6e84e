import { requireFound } from "@cauldron/rpc";
import { FORECAST_MODEL_NOT_FOUND } from "./forecast-refusals";
import type { ForecastsCaller } from "./forecasts-caller";

/** Deletes a model; its forecasts go with it (the forecasts' foreign key cascades). */
export async function deleteForecastModel(caller: ForecastsCaller, modelId: string): Promise<{ modelId: string }> {
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("timeseries.forecast_models")
        .where("organization_id", "=", caller.organizationId)
        .where("id", "=", modelId)
        .returning(["id", "name", "target_metric"])
        .executeTakeFirst(),
      FORECAST_MODEL_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "forecast_model.deleted",
      target: { type: "forecast_model", id: deleted.id },
      metadata: { name: deleted.name, metric: deleted.target_metric },
      events: [],
    });
    return { modelId: deleted.id };
  });
}
