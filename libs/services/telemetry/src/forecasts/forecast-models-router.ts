import {
  createForecastModelInputSchema,
  forecastModelDetailsSchema,
  forecastModelIdInputSchema,
  forecastModelPageSchema,
  listForecastModelsInputSchema,
  updateForecastModelInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { z } from "zod";
import { createForecastModel } from "./create-forecast-model";
import { deleteForecastModel } from "./delete-forecast-model";
import { listForecastModels, loadForecastModel } from "./forecast-model-queries";
import { FORECAST_MODEL_NOT_FOUND } from "./forecast-refusals";
import { updateForecastModel } from "./update-forecast-model";

/** telemetry.forecasts.models.*: which metric each model forecasts, how, how far ahead and how often. */
export const forecastModelsRouter = router({
  create: permittedWriteProcedure("metrics:write")
    .input(createForecastModelInputSchema)
    .output(forecastModelDetailsSchema)
    .mutation(({ ctx, input }) => createForecastModel(ctx, input)),

  get: permittedProcedure("metrics:read")
    .input(forecastModelIdInputSchema)
    .output(forecastModelDetailsSchema)
    .query(async ({ ctx, input }) =>
      requireFound(
        await ctx.tenant((trx) => loadForecastModel(trx, ctx.organizationId, input.modelId)),
        FORECAST_MODEL_NOT_FOUND,
      ),
    ),

  list: permittedProcedure("metrics:read")
    .input(listForecastModelsInputSchema)
    .output(forecastModelPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listForecastModels(trx, ctx.organizationId, input))),

  update: permittedWriteProcedure("metrics:write")
    .input(updateForecastModelInputSchema)
    .output(forecastModelDetailsSchema)
    .mutation(({ ctx, input }) => updateForecastModel(ctx, input)),

  delete: permittedWriteProcedure("metrics:write")
    .input(forecastModelIdInputSchema)
    .output(z.object({ modelId: z.string() }))
    .mutation(({ ctx, input }) => deleteForecastModel(ctx, input.modelId)),
});
