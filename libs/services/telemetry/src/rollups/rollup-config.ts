import { loadConfig } from "@cauldron/config";
import { z } from "zod";

/** Settings of the rollup job. */
export const telemetryRollupEnvSchema = z.object({
  /** Wait between the end of one rollup pass and the start of the next. */
  TELEMETRY_ROLLUP_EVERY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(10_000),
  /** Pending minutes recomputed per transaction. */
  TELEMETRY_ROLLUP_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1_000),
});

export type TelemetryRollupEnv = z.output<typeof telemetryRollupEnvSchema>;

/** The rollup job's options as the environment sets them, failing loudly on a bad value. */
export function rollupJobOptions(environment: Record<string, string | undefined>): {
  everyMs: number;
  batchSize: number;
} {
  const settings: TelemetryRollupEnv = loadConfig(telemetryRollupEnvSchema, environment);
  return { everyMs: settings.TELEMETRY_ROLLUP_EVERY_MS, batchSize: settings.TELEMETRY_ROLLUP_BATCH_SIZE };
}
