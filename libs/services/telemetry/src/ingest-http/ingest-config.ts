import { loadConfig } from "@cauldron/config";
import { z } from "zod";

/** Settings of the protocol endpoints (InfluxDB, OTLP, Prometheus remote write). */
export const telemetryIngestEnvSchema = z.object({
  /** Largest request body the protocol endpoints read, as sent (compressed or not); larger ones get 413 unread. */
  TELEMETRY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(16 * 1_024 * 1_024),
  /** Largest a compressed body (gzip, snappy) may grow to when inflated; past it the request gets 413. */
  TELEMETRY_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(64 * 1_024 * 1_024),
});

export type TelemetryIngestEnv = z.output<typeof telemetryIngestEnvSchema>;

/** Reads the protocol endpoints' settings from the environment, failing loudly on a bad value. */
export function loadTelemetryIngestConfig(
  environment: Record<string, string | undefined> = process.env,
): TelemetryIngestEnv {
  return loadConfig(telemetryIngestEnvSchema, environment);
}
