import type { ObjectInfo } from "@cauldron/contracts";
import { StorageHttpError } from "../http-kit/storage-errors";
import type { StorageWriter } from "../objects/storage-caller";
import { uploadObject } from "../objects/upload-object";
import type { StorageRuntime } from "../storage-runtime";
import { concatenatedParts } from "./upload-parts";
import type { UploadRow } from "./upload-queries";

/**
 * Makes an upload's object from its first `partCount` parts, read back in order as one body: the
 * same path as a single-request upload (MIME sniffed on the first bytes, size limit, a new version's
 * bytes, then the row, quota, audit entry and event in one transaction). The upload itself is left
 * for the caller to remove.
 */
export async function completeUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  upload: UploadRow,
  partCount: number,
): Promise<ObjectInfo> {
  const bucket = await caller.tenant((trx) =>
    trx.selectFrom("storage.buckets").select("name").where("id", "=", upload.bucket_id).executeTakeFirst(),
  );
  if (!bucket) throw StorageHttpError.bucketNotFound();
  const body = concatenatedParts(runtime, upload.id, partCount);
  try {
    return await uploadObject(runtime, caller, {
      bucket: bucket.name,
      path: upload.object_name,
      body,
      declaredType: upload.content_type ?? undefined,
      declaredSize: upload.upload_length,
      cacheControl: upload.cache_control ?? undefined,
      metadata: upload.metadata as Record<string, unknown>,
      upsert: upload.upsert,
    });
  } finally {
    // A refused upload leaves its parts unread; close the one that is open.
    body.destroy();
  }
}
