import type { ConsumerWorker } from "@cauldron/rpc";
import { archiveImportedDocuments } from "./archive-imported-documents";
import { importWrittenObject } from "./import-written-object";
import type { StorageImportContext } from "./storage-import-context";

/** The consumer group that keeps documents in step with knowledge-source buckets. */
export const STORAGE_IMPORT_GROUP = "lore-storage-import";

/**
 * Declares the consumer that turns knowledge-source buckets' objects into documents, keeps them in
 * step as the objects are replaced and moved, and archives them when the objects are deleted.
 * Handlers are detached: they download the object and extract its text, which must not hold a
 * transaction open. The platform handles each event once per group; one handled again after a
 * crash finds the document it made and changes nothing.
 */
export function storageImportConsumer(context: StorageImportContext): ConsumerWorker {
  return {
    kind: "consumer",
    group: STORAGE_IMPORT_GROUP,
    // Objects written while no replica ran (or before the group existed) are imported too.
    startFrom: "beginning",
    // Longer than one read and extraction may take, so another replica does not claim it meanwhile.
    claimIdleMs: 5 * 60_000,
    handlers: {
      "object.created": { detached: (event, inSystem) => importWrittenObject(context, event, inSystem) },
      "object.updated": { detached: (event, inSystem) => importWrittenObject(context, event, inSystem) },
      "object.deleted": { detached: (event, inSystem) => archiveImportedDocuments(context, event, inSystem) },
    },
  };
}
