import type { CreateDocumentFromSource, Document } from "@cauldron/contracts";
import { createDocument } from "../documents/create-document";
import type { DocumentsCaller } from "../documents/documents-caller";
import type { LoreRuntime } from "../lore-runtime";
import { documentsImportedFrom, lockObjectImport, markImported } from "./imported-documents";
import { onSourceField } from "./source-field-errors";
import type { StorageReadActor } from "./storage-object-reader";
import { withStorageOrigin } from "./storage-origin-fields";
import { readStorageSource, type StorageOrigin } from "./storage-source";

/** A caller that changes documents and whose principal storage reads objects for. */
export type ImportingCaller = DocumentsCaller & StorageReadActor;

/** A first import of an object that another import got to first: that document is the one to keep in step. */
export class ObjectAlreadyImported extends Error {
  constructor(readonly documentId: string) {
    super(`The object is already imported as document ${documentId}`);
    this.name = "ObjectAlreadyImported";
  }
}

// createDocument records its change in the transaction that writes the document, so the mark
// (and, for a first import, the check that no other document has the object) lands with it or not at all.
function markingImport(caller: DocumentsCaller, origin: StorageOrigin, firstImport: boolean): DocumentsCaller {
  const { organizationId } = caller;
  return {
    organizationId,
    tenant: caller.tenant,
    actorUserId: caller.actorUserId,
    async record(trx, change) {
      if (change.action === "document.created" && change.target) {
        if (firstImport) {
          await lockObjectImport(trx, organizationId, origin.objectId);
          const earlier = await documentsImportedFrom(trx, organizationId, origin.objectId);
          if (earlier[0]) throw new ObjectAlreadyImported(earlier[0].id);
        }
        await markImported(trx, organizationId, change.target.id, origin.objectId);
      }
      await caller.record(trx, change);
    },
  };
}

/**
 * Creates a document from a storage object read as the caller: its MIME type is the content type,
 * its bytes the source, and the document remembers the object (source_url `storage:<objectId>`,
 * metadata.storage). With `firstImport`, refuses (ObjectAlreadyImported) when a document the caller
 * sees already came from the object.
 */
export async function importDocument(
  runtime: LoreRuntime,
  caller: ImportingCaller,
  input: CreateDocumentFromSource,
  options: { firstImport?: boolean } = {},
): Promise<Document> {
  const { source: object, ...fields } = input;
  const source = await readStorageSource(runtime, caller, object);
  try {
    return await createDocument(runtime, markingImport(caller, source.origin, options.firstImport ?? false), {
      ...fields,
      contentType: source.contentType,
      content: source.content,
      contentBase64: source.contentBase64,
      metadata: withStorageOrigin(fields.metadata, source.origin),
    });
  } catch (error) {
    throw onSourceField(error);
  }
}
