import { loadConfig } from "@cauldron/config";
import { z } from "zod";
import type { ScrapeServicesOptions } from "./scrape-services-job";
import { scrapeTargetsSetting } from "./scrape-targets";

/** Settings of the job that scrapes the services' /metrics pages into timeseries.system_metrics. */
export const telemetryScrapeEnvSchema = z.object({
  /** The services to scrape, as `name=url` entries; none by default, and then the job does not run. */
  TELEMETRY_SCRAPE_TARGETS: scrapeTargetsSetting,
  /** Wait between the end of one scrape of every target and the start of the next. */
  TELEMETRY_SCRAPE_EVERY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
  /** How long one target may take to answer with its whole page before it counts as failed. */
  TELEMETRY_SCRAPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

export type TelemetryScrapeEnv = z.output<typeof telemetryScrapeEnvSchema>;

/** The scrape job's options as the environment sets them, failing loudly on a bad value. */
export function scrapeJobOptions(environment: Record<string, string | undefined>): ScrapeServicesOptions {
  const settings: TelemetryScrapeEnv = loadConfig(telemetryScrapeEnvSchema, environment);
  return {
    targets: settings.TELEMETRY_SCRAPE_TARGETS,
    everyMs: settings.TELEMETRY_SCRAPE_EVERY_MS,
    timeoutMs: settings.TELEMETRY_SCRAPE_TIMEOUT_MS,
  };
}
