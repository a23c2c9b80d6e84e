import {
  parseBucketSeconds,
  type createForecastModelInputSchema,
  type ForecastModelDetails,
} from "@cauldron/contracts";
import type { z } from "zod";
import { isForecastModelNameTaken } from "./forecast-model-queries";
import { storedParameters, toForecastModelDetails } from "./forecast-model-rows";
import { forecastModelOf } from "./forecast-model-settings";
import { forecastModelNameTaken } from "./forecast-refusals";
import type { ForecastsCaller } from "./forecasts-caller";

/** Seconds between scheduled runs for a width such as '6 hours', or null for a model run only on request. */
export function refreshSecondsOf(refreshEvery: string | null | undefined): number | null {
  return refreshEvery ? (parseBucketSeconds(refreshEvery) ?? null) : null;
}

/** Creates a forecast model of a metric after checking its parameters against its model type; names are unique per organization. */
export async function createForecastModel(
  caller: ForecastsCaller,
  input: z.infer<typeof createForecastModelInputSchema>,
): Promise<ForecastModelDetails> {
  forecastModelOf(input.modelType, input.parameters);
  try {
    return await caller.tenant(async (trx) => {
      const created = await trx
        .insertInto("timeseries.forecast_models")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          description: input.description ?? null,
          target_metric: input.metric,
          model_type: input.modelType,
          parameters: storedParameters(input.parameters, input.kind),
          horizon: input.horizon,
          refresh_every_seconds: refreshSecondsOf(input.refreshEvery),
          created_by: caller.actorUserId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "forecast_model.created",
        target: { type: "forecast_model", id: created.id },
        metadata: { name: input.name, metric: input.metric, modelType: input.modelType },
        events: [],
      });
      return toForecastModelDetails(created);
    });
  } catch (error) {
    if (isForecastModelNameTaken(error)) throw forecastModelNameTaken(input.name);
    throw error;
  }
}
