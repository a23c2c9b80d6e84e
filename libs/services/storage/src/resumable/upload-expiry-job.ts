import type { JobWorker } from "@cauldron/rpc";
import type { ObjectBytesStore } from "../backends/object-bytes-store";
import { sweepUploadParts } from "./upload-part-sweep";
import { deleteExpiredUploads } from "./upload-queries";

const EVERY_MS = 15 * 60_000;
const UPLOADS_PER_DELETE = 500;

/**
 * Once per deployment per period, deletes resumable uploads past their expiry (of every
 * organization) and then every stored part whose upload is gone.
 */
export function uploadExpiryJob(bytes: ObjectBytesStore): JobWorker {
  return {
    kind: "job",
    name: "storage-upload-expiry",
    everyMs: EVERY_MS,
    async run({ db, logger, signal }) {
      let expired = 0;
      for (;;) {
        const deleted = (await deleteExpiredUploads(db, UPLOADS_PER_DELETE)).length;
        expired += deleted;
        if (deleted < UPLOADS_PER_DELETE || signal.aborted) break;
      }
      const partsRemoved = signal.aborted ? 0 : await sweepUploadParts(db, bytes, signal);
      logger.info({ expired, partsRemoved }, "expired resumable uploads removed");
    },
  };
}
