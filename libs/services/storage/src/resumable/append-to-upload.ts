import type { Readable } from "node:stream";
import { BytesTooLargeError } from "../backends/bytes-errors";
import { StorageHttpError } from "../http-kit/storage-errors";
import { uploadPartKey } from "../objects/bytes-location";
import { discardBytes } from "../objects/discard-bytes";
import type { StorageWriter } from "../objects/storage-caller";
import type { StorageRuntime } from "../storage-runtime";
import { finishUpload } from "./finish-upload";
import { withUploadLock } from "./upload-lock";
import { findLiveUpload, recordUploadPart, type UploadRow } from "./upload-queries";

/** Bytes a PATCH brings to an upload at an offset. */
export interface UploadChunk {
  uploadId: string;
  /** Where the client says its bytes start (Upload-Offset). */
  offset: number;
  /** Content-Length, when the client sent one. */
  declaredSize?: number;
  body: Readable;
  /** Fails the body, so that nothing of it is stored. */
  stop(reason: unknown): void;
}

/** The offset answer after a PATCH: where the upload now stands, and until when it is kept. */
export interface UploadPosition {
  offset: number;
  expiresAt: Date;
}

function offsetMismatch(): StorageHttpError {
  return new StorageHttpError(
    409,
    "InvalidUploadOffset",
    "conflict",
    "Upload-Offset is not where the upload stands; ask with HEAD",
  );
}

async function storePart(
  runtime: StorageRuntime,
  key: string,
  chunk: UploadChunk,
  remaining: number,
  lost: AbortSignal,
) {
  const stopOnLoss = () => chunk.stop(lost.reason);
  lost.addEventListener("abort", stopOnLoss, { once: true });
  try {
    return await runtime.bytes.write(key, chunk.body, { maxBytes: remaining });
  } catch (error) {
    if (error instanceof BytesTooLargeError) throw StorageHttpError.payloadTooLarge();
    throw error;
  } finally {
    lost.removeEventListener("abort", stopOnLoss);
  }
}

async function advance(runtime: StorageRuntime, caller: StorageWriter, upload: UploadRow, key: string, size: number) {
  const offset = upload.upload_offset + size;
  if (offset === upload.upload_length) {
    try {
      await finishUpload(runtime, caller, upload, upload.part_count + 1);
    } catch (error) {
      // The upload stays where it was (unless it was refused and is gone), so the client sends its last bytes again.
      await discardBytes(runtime, [key]);
      throw error;
    }
  } else if (!(await caller.tenant((trx) => recordUploadPart(trx, upload, size)))) {
    await discardBytes(runtime, [key]);
    throw offsetMismatch();
  }
  return offset;
}

/**
 * Stores a PATCH's bytes as the upload's next part, as the only writer of the upload: the body
 * must start where the upload stands and may not run past its length. Bytes that arrived before
 * the client went away are kept and counted. The part that brings the upload to its length
 * completes it: the object is made and the upload removed.
 */
export async function appendToUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  chunk: UploadChunk,
): Promise<UploadPosition> {
  const { redis, redisKeyPrefix } = runtime.dependencies;
  return withUploadLock({ redis, keyPrefix: redisKeyPrefix }, chunk.uploadId, async (lost) => {
    const upload = await caller.tenant((trx) => findLiveUpload(trx, chunk.uploadId));
    if (!upload) throw StorageHttpError.uploadNotFound();
    if (chunk.offset !== upload.upload_offset) throw offsetMismatch();
    const remaining = upload.upload_length - upload.upload_offset;
    if (chunk.declaredSize !== undefined && chunk.declaredSize > remaining) throw StorageHttpError.payloadTooLarge();
    const key = uploadPartKey(upload.id, upload.part_count);
    const stored = await storePart(runtime, key, chunk, remaining, lost);
    if (stored.size === 0) {
      await discardBytes(runtime, [key]);
      return { offset: upload.upload_offset, expiresAt: upload.expires_at };
    }
    return { offset: await advance(runtime, caller, upload, key, stored.size), expiresAt: upload.expires_at };
  });
}
