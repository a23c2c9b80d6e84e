import { requestActivityStreamKey } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import type { Redis } from "ioredis";
import { acknowledgeActivityEntries, ensureActivityGroup, readActivityEntries } from "./request-activity-stream";
import { storeRequestActivity } from "./store-request-activity";

// Entries per transaction, and transactions per run, so one run never holds its lease for long.
const ENTRIES_PER_READ = 50;
const MAX_READS_PER_RUN = 200;

/**
 * Drains the request activity every service appends (see the server kit's activity recorder) into
 * timeseries.user_activity, once per deployment every `everyMs`: first what an earlier run read
 * but did not store, then what is new. Entries are acknowledged only after their transaction
 * commits, and a batch read twice is stored once.
 */
export function requestActivityDrainJob(options: {
  redis: Redis;
  redisKeyPrefix: string;
  everyMs?: number;
}): JobWorker {
  const { redis } = options;
  const streamKey = requestActivityStreamKey(options.redisKeyPrefix);
  return {
    kind: "job",
    name: "telemetry.request-activity",
    everyMs: options.everyMs ?? 10_000,
    async run({ db, logger, signal }) {
      await ensureActivityGroup(redis, streamKey);
      let rows = 0;
      for (const from of ["pending", "new"] as const) {
        for (let read = 0; read < MAX_READS_PER_RUN && !signal.aborted; read += 1) {
          const entries = await readActivityEntries(redis, streamKey, from, ENTRIES_PER_READ);
          if (entries.length === 0) break;
          const batches = entries.flatMap((entry) => (entry.batch ? [entry.batch] : []));
          if (batches.length < entries.length) {
            logger.warn(
              { skipped: entries.length - batches.length },
              "skipped request activity that is not a valid batch",
            );
          }
          rows += await withSystem(db, (trx) => storeRequestActivity(trx, batches));
          await acknowledgeActivityEntries(
            redis,
            streamKey,
            entries.map((entry) => entry.entryId),
          );
        }
      }
      if (rows > 0) logger.debug({ rows }, "stored request activity");
    },
  };
}
