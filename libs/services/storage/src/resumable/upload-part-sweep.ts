import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { ObjectBytesStore } from "../backends/object-bytes-store";
import { UPLOAD_KEY_PREFIX } from "../objects/bytes-location";
import { uploadsStillOpen } from "./upload-queries";

const UPLOADS_PER_CHECK = 500;

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function partsWithoutUpload(db: Kysely<Database>, partsByUpload: Map<string, string[]>): Promise<string[]> {
  // A key under the prefix that names no upload id was never a part of one.
  const open = await uploadsStillOpen(
    db,
    [...partsByUpload.keys()].filter((uploadId) => UPLOAD_ID.test(uploadId)),
  );
  return [...partsByUpload].flatMap(([uploadId, keys]) => (open.has(uploadId) ? [] : keys));
}

/**
 * Removes the stored parts of uploads that no longer exist (expired, or left behind when a removal
 * failed); returns how many keys went. Parts are only written while their upload exists, and an
 * upload is deleted before its parts, so a part found without its upload is never wanted again.
 */
export async function sweepUploadParts(
  db: Kysely<Database>,
  bytes: ObjectBytesStore,
  signal: AbortSignal,
): Promise<number> {
  let removed = 0;
  let batch = new Map<string, string[]>();
  const flush = async () => {
    const keys = await partsWithoutUpload(db, batch);
    if (keys.length > 0) await bytes.remove(keys);
    removed += keys.length;
    batch = new Map();
  };
  for await (const { key } of bytes.list(UPLOAD_KEY_PREFIX)) {
    if (signal.aborted) return removed;
    const uploadId = key.slice(UPLOAD_KEY_PREFIX.length).split("/")[0] ?? "";
    if (!batch.has(uploadId) && batch.size >= UPLOADS_PER_CHECK) await flush();
    batch.set(uploadId, [...(batch.get(uploadId) ?? []), key]);
  }
  await flush();
  return removed;
}
