import { isUniqueViolation } from "@cauldron/rpc";
import { isMimeTypeAllowed } from "../http-kit/mime-sniff";
import { StorageHttpError } from "../http-kit/storage-errors";
import { mimeTypeRefused, objectTooLarge, storageQuotaExceeded } from "../objects/object-refusals";
import type { StorageWriter } from "../objects/storage-caller";
import { requireWritableBucket } from "../objects/writable-bucket";
import type { StorageRuntime } from "../storage-runtime";
import { requireUploadRoom } from "../usage/upload-room";
import { finishUpload } from "./finish-upload";
import { terminateUpload } from "./terminate-upload";
import type { UploadMetadata } from "./upload-metadata";
import { insertUpload, type UploadRow } from "./upload-queries";

/** A creation request: how many bytes will come, where they go, and whether they may replace an object. */
export interface NewUpload {
  length: number;
  metadata: UploadMetadata;
  upsert: boolean;
}

const HOUR_MS = 3_600_000;

function uploadInProgress(): StorageHttpError {
  return new StorageHttpError(
    409,
    "UploadInProgress",
    "conflict",
    "Another upload to this path is in progress; resume or terminate it",
  );
}

/**
 * Starts a resumable upload, refusing up front what its object would be refused for: a bucket the
 * caller cannot see or write to, a path already taken (without upsert), a length past the bucket's
 * or the platform's limit or the organization's quota, a declared type the bucket does not take.
 * An empty upload is complete at once. Another upload to the same path in progress is a conflict.
 */
export async function createUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  request: NewUpload,
): Promise<UploadRow> {
  const { metadata } = request;
  let upload: UploadRow;
  try {
    upload = await caller.tenant(async (trx) => {
      const { bucket, replacing } = await requireWritableBucket(trx, caller.organizationId, {
        bucket: metadata.bucketName,
        path: metadata.objectName,
        upsert: request.upsert,
      });
      const limit = Math.min(
        bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit),
        runtime.settings.STORAGE_MAX_FILE_SIZE,
      );
      if (request.length > limit) throw objectTooLarge(limit);
      if (request.length > (await requireUploadRoom(trx, caller.organizationId, replacing))) {
        throw storageQuotaExceeded("bytes");
      }
      const declared = metadata.contentType;
      if (declared && !isMimeTypeAllowed(bucket.allowed_mime_types, undefined, declared))
        throw mimeTypeRefused(declared);
      return insertUpload(trx, {
        organization_id: caller.organizationId,
        bucket_id: bucket.id,
        object_name: metadata.objectName,
        owner: caller.actorUserId,
        upload_length: request.length,
        content_type: declared ?? null,
        cache_control: metadata.cacheControl ?? null,
        upsert: request.upsert,
        metadata: JSON.stringify(metadata.metadata),
        expires_at: new Date(Date.now() + runtime.settings.STORAGE_UPLOAD_EXPIRY_HOURS * HOUR_MS),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw uploadInProgress();
    throw error;
  }
  if (upload.upload_length === 0) {
    // Nothing will follow to retry with, so an empty upload that cannot complete is not kept.
    await finishUpload(runtime, caller, upload, 0).catch(async (error: unknown) => {
      await terminateUpload(runtime, caller, upload.id);
      throw error;
    });
  }
  return upload;
}
