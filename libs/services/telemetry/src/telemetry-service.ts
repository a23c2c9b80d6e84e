import { emailEnvSchema } from "@cauldron/email";
import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import {
  loadTelemetryIngestConfig,
  telemetryIngestEnvSchema,
  type TelemetryIngestEnv,
} from "./ingest-http/ingest-config";
import { mountIngestRoutes } from "./ingest-http/ingest-routes";
import { eventLogConsumer } from "./activity/event-log-consumer";
import { requestActivityDrainJob } from "./activity/request-activity-drain-job";
import { alertsRouter } from "./alerts/alerts-router";
import { alertNotificationWorkers } from "./alerts/channels/alert-notification-workers";
import { alertNotificationEnvSchema } from "./alerts/channels/notification-config";
import { alertEvaluatorJob } from "./alerts/evaluation/alert-evaluator-job";
import { createOnAlertProcedure } from "./alerts/on-alert";
import { anomaliesRouter } from "./anomalies/anomalies-router";
import { anomalyDetectionJob } from "./anomalies/detection-job/anomaly-detection-job";
import { forecastRefreshJob } from "./forecasts/forecast-refresh-job";
import { forecastsRouter } from "./forecasts/forecasts-router";
import { metricsRouter } from "./metrics/metrics-router";
import { partitionUpkeepJob } from "./partitions/partition-upkeep-job";
import { retentionJobOptions, telemetryRetentionEnvSchema } from "./retention/retention-config";
import { retentionJob } from "./retention/retention-job";
import { scrapeJobOptions, telemetryScrapeEnvSchema } from "./system-metrics/scrape-config";
import { scrapeServicesJobs } from "./system-metrics/scrape-services-job";
import { rollupJobOptions, telemetryRollupEnvSchema } from "./rollups/rollup-config";
import { rollupJob } from "./rollups/rollup-job";

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
      forecasts: forecastsRouter,
      anomalies: anomaliesRouter,
      alerts: alertsRouter,
      onAlert: createOnAlertProcedure(dependencies),
    }),
  });
}

export type TelemetryRouter = ReturnType<typeof createTelemetryRouter>;

/** The telemetry service with its settings chosen; `telemetryService` is it with every default. */
export function createTelemetryService(options: TelemetryServiceOptions = {}) {
  return defineService({
    name: "telemetry",
    environment: [
      telemetryRollupEnvSchema,
      telemetryIngestEnvSchema,
      telemetryRetentionEnvSchema,
      telemetryScrapeEnvSchema,
      alertNotificationEnvSchema,
      emailEnvSchema,
    ],
    createRouter: createTelemetryRouter,
    configureRoutes: (app, dependencies, createContext) => {
      const config = { ...loadTelemetryIngestConfig(options.environment ?? process.env), ...options.config };
      mountIngestRoutes(app, dependencies, createContext, config);
    },
    workers: (dependencies) => [
      partitionUpkeepJob(),
      eventLogConsumer(),
      requestActivityDrainJob(dependencies),
      retentionJob(retentionJobOptions(options.environment ?? process.env)),
      ...scrapeServicesJobs(scrapeJobOptions(options.environment ?? process.env)),
      anomalyDetectionJob(),
      alertEvaluatorJob(),
      ...alertNotificationWorkers(dependencies, options.environment ?? process.env),
      forecastRefreshJob(),
      rollupJob(rollupJobOptions(options.environment ?? process.env)),
    ],
  });
}

export const telemetryService = createTelemetryService();
