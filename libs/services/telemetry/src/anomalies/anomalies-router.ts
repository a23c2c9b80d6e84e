import { anomalyPageSchema, listAnomaliesInputSchema } from "@cauldron/contracts";
import { permittedProcedure, router } from "@cauldron/rpc";
import { listAnomalies } from "./anomaly-queries";
import { detectorsRouter } from "./detectors/detectors-router";

/** telemetry.anomalies.*: the detectors that watch metric series, and the anomalies they found. */
export const anomaliesRouter = router({
  detectors: detectorsRouter,

  list: permittedProcedure("metrics:read")
    .input(listAnomaliesInputSchema)
    .output(anomalyPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listAnomalies(trx, ctx.organizationId, input))),
});
