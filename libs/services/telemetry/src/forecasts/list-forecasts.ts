import type { listForecastsInputSchema, listForecastsOutputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import type { MetricsReader } from "../metrics/query-metrics";
import { loadForecastModelRow } from "./forecast-model-queries";
import { FORECAST_MODEL_NOT_FOUND } from "./forecast-refusals";
import { listForecastPoints } from "./forecast-rows";

/** A model's stored forecasts in a time range, oldest first, at most `limit` of them. */
export async function listForecasts(
  caller: Omit<MetricsReader, "db">,
  input: z.infer<typeof listForecastsInputSchema>,
): Promise<z.infer<typeof listForecastsOutputSchema>> {
  return caller.tenant(async (trx) => {
    const model = requireFound(
      await loadForecastModelRow(trx, caller.organizationId, input.modelId),
      FORECAST_MODEL_NOT_FOUND,
    );
    const points = await listForecastPoints(trx, model.id, input);
    return {
      modelId: model.id,
      metric: model.target_metric,
      points: points.slice(0, input.limit),
      truncated: points.length > input.limit,
    };
  });
}
