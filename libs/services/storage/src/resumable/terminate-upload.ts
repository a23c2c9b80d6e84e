import type { StorageWriter } from "../objects/storage-caller";
import type { StorageRuntime } from "../storage-runtime";
import { removeUploadParts } from "./upload-parts";
import { deleteUpload } from "./upload-queries";

/** Ends an upload the caller may see, its row first, then its parts; false when there was none. */
export async function terminateUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  uploadId: string,
): Promise<boolean> {
  const deleted = await caller.tenant((trx) => deleteUpload(trx, uploadId));
  if (deleted) await removeUploadParts(runtime, uploadId);
  return deleted;
}
