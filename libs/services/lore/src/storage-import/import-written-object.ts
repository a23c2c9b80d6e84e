import type { DomainEvent, SystemTransactionRunner } from "@cauldron/events";
import { importDocument } from "./import-document";
import { importableContentType } from "./importable-content-type";
import { documentsImportedFrom } from "./imported-documents";
import { refreshImportedDocument } from "./refresh-imported-document";
import { skippingSettledRefusals } from "./skipped-refusals";
import type { StorageImportContext } from "./storage-import-context";
import { titleOfPath } from "./storage-origin-fields";
import { readStorageSource } from "./storage-source";
import { actAsUploader } from "./uploader-caller";

/** An object written into a bucket: created, or replaced or moved (with its previous path). */
export type ObjectWrittenEvent = DomainEvent<"object.created"> | DomainEvent<"object.updated">;

/**
 * Keeps documents in step with a knowledge-source bucket's text, Markdown, HTML and PDF objects,
 * acting as the user who wrote the object: the first write creates a published document titled
 * after the file; later ones update every document imported from the object (found beyond the
 * user's team access, then changed only where the user may see them). Other objects are skipped.
 */
export async function importWrittenObject(
  context: StorageImportContext,
  event: ObjectWrittenEvent,
  inSystem: SystemTransactionRunner,
): Promise<void> {
  const { organizationId, objectId, bucket, path, mimeType, actorUserId } = event.payload;
  if (!event.payload.knowledgeSource || importableContentType(mimeType) === undefined) return;
  const log = context.logger.child({ eventId: event.id, organizationId, objectId, bucket, path });
  if (actorUserId === null) {
    log.info("object written by no user: there is nobody to import it as; skipped");
    return;
  }
  const previousPath = event.type === "object.updated" ? event.payload.previousPath : null;
  await skippingSettledRefusals(log, "import of the object", async () => {
    const caller = await actAsUploader(context.db, organizationId, actorUserId, event.id);
    const imported = await inSystem((trx) => documentsImportedFrom(trx, organizationId, objectId));
    if (imported.length === 0) {
      if (!caller.can("documents:create")) return log.info("the object's writer may not create documents; skipped");
      const input = { source: { bucket, path }, title: titleOfPath(path), status: "published" as const };
      await importDocument(context.runtime, caller, input, { firstImport: true });
      return;
    }
    if (!caller.can("documents:update")) return log.info("the object's writer may not update documents; skipped");
    const source = await readStorageSource(context.runtime, caller, { bucket, path });
    for (const document of imported) {
      await skippingSettledRefusals(log.child({ documentId: document.id }), "update of the imported document", () =>
        refreshImportedDocument(context.runtime, caller, document, source, previousPath),
      );
    }
  });
}
