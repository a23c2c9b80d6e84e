import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import {
  loadTelemetryIngestConfig,
  telemetryIngestEnvSchema,
  type TelemetryIngestEnv,
} from "./ingest-http/ingest-config";
import { mountIngestRoutes } from "./ingest-http/ingest-routes";
import { metricsRouter } from "./metrics/metrics-router";
import { partitionUpkeepJob } from "./partitions/partition-upkeep-job";

/** The telemetry service's settings beside the platform's. */
export interface TelemetryServiceOptions {
  /** Overrides settings read from the environment (TELEMETRY_*). */
  config?: Partial<TelemetryIngestEnv>;
  environment?: Record<string, string | undefined>;
}

/** Builds the telemetry service's router; every procedure lives under the `telemetry` prefix. */
export function createTelemetryRouter(dependencies: ServiceDependencies) {
  return router({
    telemetry: router({
      info: createInfoProcedure("telemetry", dependencies.startedAt),
      metrics: metricsRouter,
    }),
  });
}

export type TelemetryRouter = ReturnType<typeof createTelemetryRouter>;

/** The telemetry service with its settings chosen; `telemetryService` is it with every default. */
export function createTelemetryService(options: TelemetryServiceOptions = {}) {
  return defineService({
    name: "telemetry",
    environment: [telemetryIngestEnvSchema],
    createRouter: createTelemetryRouter,
    configureRoutes: (app, dependencies, createContext) => {
      const config = { ...loadTelemetryIngestConfig(options.environment ?? process.env), ...options.config };
      mountIngestRoutes(app, dependencies, createContext, config);
    },
    workers: () => [partitionUpkeepJob()],
  });
}

export const telemetryService = createTelemetryService();
