import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import { partitionUpkeepJob } from "./partitions/partition-upkeep-job";

/** Builds the telemetry service's router; every procedure lives under the `telemetry` prefix. */
export function createTelemetryRouter(dependencies: ServiceDependencies) {
  return router({
    telemetry: router({
      info: createInfoProcedure("telemetry", dependencies.startedAt),
    }),
  });
}

export type TelemetryRouter = ReturnType<typeof createTelemetryRouter>;

export const telemetryService = defineService({
  name: "telemetry",
  createRouter: createTelemetryRouter,
  workers: () => [partitionUpkeepJob()],
});
