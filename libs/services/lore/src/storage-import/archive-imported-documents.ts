import type { DomainEvent, SystemTransactionRunner } from "@cauldron/events";
import { setDocumentArchived } from "../documents/archive-document";
import { documentsImportedFrom } from "./imported-documents";
import { skippingSettledRefusals } from "./skipped-refusals";
import type { StorageImportContext } from "./storage-import-context";
import { actAsUploader } from "./uploader-caller";

/**
 * Archives the documents imported from a deleted object, acting as the user who deleted it: lore's
 * soft delete, so they leave lists and search while their versions stay restorable. Only documents
 * that user may see and change are archived.
 */
export async function archiveImportedDocuments(
  context: StorageImportContext,
  event: DomainEvent<"object.deleted">,
  inSystem: SystemTransactionRunner,
): Promise<void> {
  const { organizationId, objectId, bucket, path, actorUserId } = event.payload;
  const imported = await inSystem((trx) => documentsImportedFrom(trx, organizationId, objectId));
  if (imported.length === 0) return;
  const log = context.logger.child({ eventId: event.id, organizationId, objectId, bucket, path });
  if (actorUserId === null) {
    log.info("object deleted by no user: there is nobody to archive its documents as; kept");
    return;
  }
  await skippingSettledRefusals(log, "archiving of the object's documents", async () => {
    const caller = await actAsUploader(context.db, organizationId, actorUserId, event.id);
    if (!caller.can("documents:update")) return log.info("the object's deleter may not change documents; kept");
    for (const document of imported) {
      await skippingSettledRefusals(log.child({ documentId: document.id }), "archiving of the imported document", () =>
        setDocumentArchived(caller, document.id, true).then(() => undefined),
      );
    }
  });
}
