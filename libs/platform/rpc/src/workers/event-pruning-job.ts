import { withSystem } from "@cauldron/db";
import { pruneEventRecords } from "@cauldron/events";
import type { JobWorker } from "./worker-declarations";

const HOUR_MS = 3_600_000;

/**
 * The platform's own job, declared by every service under one name so it runs once per
 * deployment: deletes relayed outbox rows and processed-event records older than the retention,
 * batch by batch, each batch a short transaction.
 */
export function eventPruningJob(retentionSeconds: number): JobWorker {
  return {
    kind: "job",
    name: "platform.prune-event-records",
    everyMs: HOUR_MS,
    async run({ db, logger, signal }) {
      const total = { outbox: 0, processed: 0 };
      const limit = 5_000;
      while (!signal.aborted) {
        const pruned = await withSystem(db, (trx) =>
          pruneEventRecords(trx, {
            outboxRetentionSeconds: retentionSeconds,
            processedRetentionSeconds: retentionSeconds,
            limit,
          }),
        );
        total.outbox += pruned.outbox;
        total.processed += pruned.processed;
        if (pruned.outbox < limit && pruned.processed < limit) break;
      }
      if (total.outbox + total.processed > 0) logger.info(total, "pruned event records past their retention");
    },
  };
}
