import { Readable } from "node:stream";
import { UPLOAD_KEY_PREFIX, uploadPartKey } from "../objects/bytes-location";
import { discardBytes } from "../objects/discard-bytes";
import type { StorageRuntime } from "../storage-runtime";

/** The key prefix under which one upload's parts are stored. */
export function uploadPartsPrefix(uploadId: string): string {
  return `${UPLOAD_KEY_PREFIX}${uploadId}/`;
}

/** The first `count` parts of an upload as one stream, each part opened only when the one before has been read. */
export function concatenatedParts(runtime: StorageRuntime, uploadId: string, count: number): Readable {
  async function* partsInOrder(): AsyncGenerator<Buffer> {
    for (let part = 0; part < count; part += 1) {
      const bytes = await runtime.bytes.read(uploadPartKey(uploadId, part));
      try {
        for await (const chunk of bytes) yield chunk as Buffer;
      } finally {
        bytes.destroy();
      }
    }
  }
  return Readable.from(partsInOrder(), { objectMode: false });
}

/**
 * Removes every part stored for an upload, recorded or not (one a dropped request left behind).
 * A failure is logged, not raised: the upload is over, and the expiry job sweeps parts without an upload.
 */
export async function removeUploadParts(runtime: StorageRuntime, uploadId: string): Promise<void> {
  const keys: string[] = [];
  try {
    for await (const { key } of runtime.bytes.list(uploadPartsPrefix(uploadId))) keys.push(key);
  } catch (error) {
    runtime.dependencies.logger.warn(
      { err: error, uploadId },
      "could not list an upload's parts; the expiry job will remove them",
    );
    return;
  }
  await discardBytes(runtime, keys);
}
