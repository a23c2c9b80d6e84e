import type { StorageOrigin } from "./storage-source";

/** What lore.documents.source says of a document imported from storage. */
export const STORAGE_SOURCE = "storage";

/** The source_url of documents imported from an object: its id, which stays the same across replacements and moves. */
export function storageSourceUrl(objectId: string): string {
  return `storage:${objectId}`;
}

/** A document's metadata with the object it was imported from under `storage`. */
export function withStorageOrigin(
  metadata: Record<string, unknown> | undefined,
  origin: StorageOrigin,
): Record<string, unknown> {
  const { bucket, path, objectId, checksum } = origin;
  return { ...metadata, storage: { bucket, path, objectId, checksum } };
}

const TITLE_MAX_CHARS = 500;

/** The title an object's document gets: its file name without the extension, or the whole name when that is all there is. */
export function titleOfPath(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return (stem.trim() || name).slice(0, TITLE_MAX_CHARS);
}
