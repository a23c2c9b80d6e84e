import type { JobWorker } from "@cauldron/rpc";
import type { StorageRuntime } from "../storage-runtime";
import { OrphanWatch } from "./orphan-watch";
import { findOrphanKeys, findRowsWithoutBytes } from "./reconcile-bytes";

/**
 * Keeps rows and bytes in agreement, once per deployment per period: bytes no row points at (left
 * by a crash between writing bytes and committing the row, or a failed removal) are removed once
 * they have stayed orphaned for a whole period; rows whose bytes are gone are reported.
 */
export function reconciliationJob(runtime: StorageRuntime): JobWorker {
  const everyMs = runtime.settings.STORAGE_RECONCILE_EVERY_MS;
  const watch = new OrphanWatch(everyMs);
  return {
    kind: "job",
    name: "storage-reconciliation",
    everyMs,
    async run({ db, logger, signal }) {
      const { keysSeen, orphanKeys } = await findOrphanKeys(db, runtime.bytes, signal);
      const due = watch.settle(orphanKeys, Date.now());
      if (due.length > 0 && !signal.aborted) await runtime.bytes.remove(due);
      const { rowsChecked, rowsWithoutBytes } = await findRowsWithoutBytes(db, runtime.bytes, signal);
      for (const row of rowsWithoutBytes) logger.error(row, "a stored object's bytes are missing");
      logger.info(
        {
          keysSeen,
          orphansSeen: orphanKeys.length,
          orphansRemoved: due.length,
          rowsChecked,
          rowsWithoutBytes: rowsWithoutBytes.length,
        },
        "storage reconciliation finished",
      );
    },
  };
}
