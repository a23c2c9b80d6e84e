import type { JobWorker } from "@cauldron/rpc";
import { DEFAULT_ROLLUP_BATCH_SIZE, rollUpPending } from "./roll-up-pending";

/**
 * Keeps the 1-minute, 1-hour and 1-day rollups up to date, once per deployment: each run recomputes
 * the buckets whose minutes writers listed as pending since the last one, until none are left or the
 * run is told to stop.
 */
export function rollupJob(options: { everyMs?: number; batchSize?: number } = {}): JobWorker {
  return {
    kind: "job",
    name: "telemetry.rollups",
    everyMs: options.everyMs ?? 10_000,
    async run({ db, logger, signal }) {
      const progress = await rollUpPending(db, { batchSize: options.batchSize ?? DEFAULT_ROLLUP_BATCH_SIZE, signal });
      if (progress.minutes > 0) logger.info(progress, "rolled up metrics");
      else logger.debug(progress, "no metrics waiting to be rolled up");
    },
  };
}
