import { loadConfig } from "@cauldron/config";
import { z } from "zod";
import type { RetentionJobOptions } from "./retention-job";
import { retentionOverridesSetting } from "./retention-overrides";

/** Settings of the retention job. */
export const telemetryRetentionEnvSchema = z.object({
  /** Overrides of the seeded retention policies, applied by the job so the table and the environment agree. */
  TELEMETRY_RETENTION: retentionOverridesSetting,
});

export type TelemetryRetentionEnv = z.output<typeof telemetryRetentionEnvSchema>;

/** The retention job's options as the environment sets them, failing loudly on a bad value. */
export function retentionJobOptions(environment: Record<string, string | undefined>): RetentionJobOptions {
  const settings: TelemetryRetentionEnv = loadConfig(telemetryRetentionEnvSchema, environment);
  return { overrides: settings.TELEMETRY_RETENTION };
}
