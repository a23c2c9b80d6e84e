import {
  anomalyDetectorIdInputSchema,
  anomalyDetectorPageSchema,
  anomalyDetectorSchema,
  createAnomalyDetectorInputSchema,
  deletedAnomalyDetectorSchema,
  listAnomalyDetectorsInputSchema,
  updateAnomalyDetectorInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { createDetector } from "./create-detector";
import { deleteDetector } from "./delete-detector";
import { listDetectors } from "./detector-queries";
import { updateDetector } from "./update-detector";

/**
 * telemetry.anomalies.detectors.*: the series the organization watches for anomalies. Changing one
 * takes alerts:manage, since a detector may raise alerts; reading takes metrics:read, the same as
 * reading the anomalies detectors find.
 */
export const detectorsRouter = router({
  create: permittedWriteProcedure("alerts:manage")
    .input(createAnomalyDetectorInputSchema)
    .output(anomalyDetectorSchema)
    .mutation(({ ctx, input }) => createDetector(ctx, input)),

  list: permittedProcedure("metrics:read")
    .input(listAnomalyDetectorsInputSchema)
    .output(anomalyDetectorPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listDetectors(trx, ctx.organizationId, input))),

  update: permittedWriteProcedure("alerts:manage")
    .input(updateAnomalyDetectorInputSchema)
    .output(anomalyDetectorSchema)
    .mutation(({ ctx, input }) => updateDetector(ctx, input)),

  delete: permittedWriteProcedure("alerts:manage")
    .input(anomalyDetectorIdInputSchema)
    .output(deletedAnomalyDetectorSchema)
    .mutation(({ ctx, input }) => deleteDetector(ctx, input.id)),
});
