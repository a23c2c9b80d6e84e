import type { RequestContextFactory, ServiceDependencies } from "@cauldron/rpc";
import type { Express } from "express";
import { influxWriteProtocol } from "./influx-write-route";
import type { TelemetryIngestEnv } from "./ingest-config";
import { mountIngestRoute, type IngestServices } from "./ingest-route";
import { otlpMetricsProtocol } from "./otlp-metrics-route";
import { remoteWriteProtocol } from "./remote-write-route";

/** Mounts the endpoints unmodified metric clients write to: InfluxDB, OTLP/HTTP and Prometheus remote write. */
export function mountIngestRoutes(
  app: Express,
  dependencies: ServiceDependencies,
  createContext: RequestContextFactory,
  config: TelemetryIngestEnv,
): void {
  const services: IngestServices = {
    createContext,
    logger: dependencies.logger,
    limits: { maxBytes: config.TELEMETRY_MAX_BODY_BYTES, maxInflatedBytes: config.TELEMETRY_MAX_INFLATED_BYTES },
  };
  mountIngestRoute(app, services, influxWriteProtocol);
  mountIngestRoute(app, services, otlpMetricsProtocol);
  mountIngestRoute(app, services, remoteWriteProtocol(services.limits));
}
