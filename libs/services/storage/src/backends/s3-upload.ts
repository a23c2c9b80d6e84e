import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ByteMeter } from "./byte-meter";
import type { StoredBytes, WriteOptions } from "./object-bytes-store";

/** How a body is cut into multipart parts; memory per write is about partSizeBytes × (partsInFlight + 1). */
export interface UploadTuning {
  partSizeBytes: number;
  partsInFlight: number;
}

/**
 * Streams body to bucket/key, hashing and counting it on the way. A body that fits one part is
 * sent with one PUT; a larger one goes multipart, completed only after its last byte arrived, so
 * a failed or oversized body never completes and is aborted (nothing lands). A failure of the
 * body (its own error, or BytesTooLargeError) is what the caller sees, even if the abort fails.
 */
export async function uploadBody(
  target: { client: S3Client; bucket: string; key: string },
  body: Readable,
  options: WriteOptions,
  tuning: UploadTuning,
): Promise<StoredBytes> {
  const meter = new ByteMeter(options.maxBytes);
  const feeding = pipeline(body, meter);
  const upload = new Upload({
    client: target.client,
    params: { Bucket: target.bucket, Key: target.key, Body: meter, ContentType: options.contentType },
    partSize: tuning.partSizeBytes,
    queueSize: tuning.partsInFlight,
    leavePartsOnError: false,
  });
  // A refused part stops the reading too; otherwise the body would wait forever for a reader.
  const uploading = upload.done().catch((error: unknown) => {
    meter.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  const [fed, uploaded] = await Promise.allSettled([feeding, uploading]);
  if (fed.status === "rejected") throw fed.reason;
  if (uploaded.status === "rejected") throw uploaded.reason;
  return meter.measured();
}
