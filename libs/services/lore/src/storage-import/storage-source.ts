import type { ObjectRef } from "@cauldron/contracts";
import type { LoreRuntime } from "../lore-runtime";
import type { DocumentContentType } from "../text/document-content-type";
import { importableContentType } from "./importable-content-type";
import type { StorageReadActor } from "./storage-object-reader";
import { storageImportUnavailable, storageReadRefusal, unsupportedObjectType } from "./storage-read-refusals";

/** Where an imported document's text came from: the object as it was when read. */
export interface StorageOrigin {
  bucket: string;
  path: string;
  objectId: string;
  checksum: string | null;
}

/** An object read as a document's source: text in content, a PDF base64-encoded in contentBase64. */
export interface StorageSource {
  contentType: DocumentContentType;
  content?: string;
  contentBase64?: string;
  origin: StorageOrigin;
}

/**
 * Reads an object through storage as the actor's user, refusing (before its bytes are read) an
 * object over LORE_MAX_SOURCE_BYTES or of a type that cannot become a document.
 */
export async function readStorageSource(
  runtime: LoreRuntime,
  actor: StorageReadActor,
  object: ObjectRef,
): Promise<StorageSource> {
  if (!runtime.storage) throw storageImportUnavailable();
  const maxBytes = runtime.config.LORE_MAX_SOURCE_BYTES;
  const read = await runtime.storage
    .read(actor, object, { maxBytes, accept: (info) => importableContentType(info.mimeType) !== undefined })
    .catch((error: unknown) => {
      throw storageReadRefusal(error, object, maxBytes);
    });
  const contentType = importableContentType(read.info.mimeType);
  if (!contentType) throw unsupportedObjectType(read.info.mimeType);
  const origin = { bucket: object.bucket, path: object.path, objectId: read.info.id, checksum: read.info.checksum };
  // PDFs go the way a client sends them, so one extraction path reads both.
  return contentType === "application/pdf"
    ? { contentType, contentBase64: Buffer.from(read.bytes).toString("base64"), origin }
    : { contentType, content: new TextDecoder().decode(read.bytes), origin };
}
