import { updateDocument } from "../documents/update-document";
import type { LoreRuntime } from "../lore-runtime";
import type { ImportingCaller } from "./import-document";
import type { ImportedDocument } from "./imported-documents";
import { titleOfPath, withStorageOrigin } from "./storage-origin-fields";
import type { StorageSource } from "./storage-source";

/**
 * Brings a document imported from an object up to the object as it now is: its text (a new version
 * when it changed) and metadata.storage; after a move, a title still taken from the old file name
 * follows the new one, while a title someone chose stays.
 */
export async function refreshImportedDocument(
  runtime: LoreRuntime,
  caller: ImportingCaller,
  document: ImportedDocument,
  source: StorageSource,
  previousPath: string | null,
): Promise<void> {
  const moved = previousPath !== null;
  const followsFileName = moved && document.title === titleOfPath(previousPath);
  await updateDocument(runtime, caller, {
    id: document.id,
    expectedVersion: document.current_version,
    title: followsFileName ? titleOfPath(source.origin.path) : undefined,
    contentType: source.contentType,
    content: source.content,
    contentBase64: source.contentBase64,
    metadata: withStorageOrigin(document.metadata as Record<string, unknown>, source.origin),
    changeNote: moved ? `Moved in storage from ${previousPath}` : "Replaced in storage",
  });
}
