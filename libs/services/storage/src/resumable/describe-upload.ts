import { StorageHttpError } from "../http-kit/storage-errors";
import type { StorageWriter } from "../objects/storage-caller";
import type { StorageRuntime } from "../storage-runtime";
import { withUploadLock } from "./upload-lock";
import { findLiveUpload, type UploadRow } from "./upload-queries";

/**
 * Where an upload the caller may see stands, read once no request is writing to it: a client
 * resuming right after its connection dropped learns the offset the dropped request ended at.
 */
export async function describeUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  uploadId: string,
): Promise<UploadRow> {
  const { redis, redisKeyPrefix } = runtime.dependencies;
  return withUploadLock({ redis, keyPrefix: redisKeyPrefix }, uploadId, async () => {
    const upload = await caller.tenant((trx) => findLiveUpload(trx, uploadId));
    if (!upload) throw StorageHttpError.uploadNotFound();
    return upload;
  });
}
