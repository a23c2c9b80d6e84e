import {
  listForecastsInputSchema,
  listForecastsOutputSchema,
  runForecastInputSchema,
  runForecastOutputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { forecastModelsRouter } from "./forecast-models-router";
import { listForecasts } from "./list-forecasts";
import { runForecast } from "./run-forecast";

/** telemetry.forecasts.*: forecast models, running them, and the forecasts they stored. */
export const forecastsRouter = router({
  models: forecastModelsRouter,

  run: permittedWriteProcedure("metrics:write")
    .input(runForecastInputSchema)
    .output(runForecastOutputSchema)
    .mutation(({ ctx, input }) => runForecast(ctx, input)),

  list: permittedProcedure("metrics:read")
    .input(listForecastsInputSchema)
    .output(listForecastsOutputSchema)
    .query(({ ctx, input }) => listForecasts(ctx, input)),
});
