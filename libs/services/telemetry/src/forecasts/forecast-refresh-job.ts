import type { JobWorker } from "@cauldron/rpc";
import { refreshDueForecasts } from "./refresh-due-forecasts";

/** Reruns the forecast models whose refresh period has passed, once per deployment every `everyMs` (60 s). */
export function forecastRefreshJob(options: { everyMs?: number } = {}): JobWorker {
  return {
    kind: "job",
    name: "telemetry.forecast-refresh",
    everyMs: options.everyMs ?? 60_000,
    async run({ db, logger, signal }) {
      const summary = await refreshDueForecasts(db, { logger, signal });
      if (summary.refreshed.length + summary.refused.length + summary.failed.length > 0) {
        logger.info(
          { refreshed: summary.refreshed.length, refused: summary.refused.length, failed: summary.failed.length },
          "refreshed due forecast models",
        );
      }
    },
  };
}
