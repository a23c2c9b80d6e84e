import {
  listMetricsInputSchema,
  listMetricsOutputSchema,
  queryMetricsInputSchema,
  queryMetricsOutputSchema,
  WRITE_METRICS_BODY_LIMIT_BYTES,
  writeMetricsInputSchema,
  writeMetricsOutputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { listMetrics } from "./list-metrics";
import { queryMetrics } from "./query-metrics";
import { writeMetrics } from "./write-metrics";

/** telemetry.metrics.*: write points, aggregate them into series, and list what was written. */
export const metricsRouter = router({
  write: permittedWriteProcedure("metrics:write")
    .meta({ bodyLimit: `${WRITE_METRICS_BODY_LIMIT_BYTES}b` })
    .input(writeMetricsInputSchema)
    .output(writeMetricsOutputSchema)
    .mutation(({ ctx, input }) => writeMetrics(ctx, input)),

  query: permittedProcedure("metrics:read")
    .input(queryMetricsInputSchema)
    .output(queryMetricsOutputSchema)
    .query(({ ctx, input }) => queryMetrics(ctx, input)),

  list: permittedProcedure("metrics:read")
    .input(listMetricsInputSchema)
    .output(listMetricsOutputSchema)
    .query(({ ctx, input }) => listMetrics(ctx, input)),
});
