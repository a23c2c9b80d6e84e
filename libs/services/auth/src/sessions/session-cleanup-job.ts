import { withSystem } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { deleteEndedSessions } from "./session-cleanup";

const BATCH = 1_000;

/** Deletes ended sessions once per deployment every `everyMs`, a batch per short transaction. */
export function sessionCleanupJob(options: { absoluteLifetimeSeconds: number; everyMs?: number }): JobWorker {
  return {
    kind: "job",
    name: "auth.delete-ended-sessions",
    everyMs: options.everyMs ?? 3_600_000,
    async run({ db, logger, signal }) {
      let deleted = 0;
      while (!signal.aborted) {
        const batch = await withSystem(db, (trx) =>
          deleteEndedSessions(trx, { absoluteLifetimeSeconds: options.absoluteLifetimeSeconds, limit: BATCH }),
        );
        deleted += batch;
        if (batch < BATCH) break;
      }
      if (deleted > 0) logger.info({ deleted }, "deleted ended sessions");
    },
  };
}
