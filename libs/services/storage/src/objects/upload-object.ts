import type { ObjectInfo } from "@cauldron/contracts";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { BytesTooLargeError } from "../backends/bytes-errors";
import type { StoredBytes } from "../backends/object-bytes-store";
import { isMimeTypeAllowed, sniffMimeType } from "../http-kit/mime-sniff";
import { readStreamHead } from "../http-kit/stream-head";
import type { StorageRuntime } from "../storage-runtime";
import { bytesKey } from "./bytes-location";
import { requireUploadRoom } from "../usage/upload-room";
import { mimeTypeRefused, objectTooLarge, storageQuotaExceeded } from "./object-refusals";
import { commitObjectVersion } from "./commit-object-version";
import { requireWritableBucket } from "./writable-bucket";
import type { StorageWriter } from "./storage-caller";

// Enough for every signature the sniffer knows, and for telling text from binary.
const SNIFF_BYTES = 4_100;
const DEFAULT_MIME_TYPE = "application/octet-stream";

export interface UploadRequest {
  bucket: string;
  path: string;
  body: Readable;
  /** The Content-Type the client sent, if any; the bytes are sniffed too. */
  declaredType?: string;
  /** The size the client announced (Content-Length), refused early when past the limit. */
  declaredSize?: number;
  cacheControl?: string;
  metadata?: Record<string, unknown>;
  upsert: boolean;
  /** A tighter limit than the bucket's, such as a signed upload link's. */
  maxBytes?: number;
}

/**
 * Stores an object: checks the bucket and the path first, streams the bytes to a new version's
 * key (refused past the size limit or the organization's quota, or for a MIME type the bucket
 * does not take, before anything lands), then records the row, its audit entry and its event in
 * one transaction, checking the quota again there. Bytes written for a refused or failed row are
 * removed; a replaced version's bytes are removed once the new row is committed. So no row ever
 * points at missing bytes.
 */
export async function uploadObject(
  runtime: StorageRuntime,
  caller: StorageWriter,
  request: UploadRequest,
): Promise<ObjectInfo> {
  const { bucket, room } = await caller.tenant(async (trx) => {
    const target = await requireWritableBucket(trx, caller.organizationId, request);
    return { bucket: target.bucket, room: await requireUploadRoom(trx, caller.organizationId, target.replacing) };
  });
  const limit = Math.min(
    bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit),
    runtime.settings.STORAGE_MAX_FILE_SIZE,
    request.maxBytes ?? Infinity,
  );
  if (request.declaredSize !== undefined && request.declaredSize > limit) throw objectTooLarge(limit);
  if (request.declaredSize !== undefined && request.declaredSize > room) throw storageQuotaExceeded("bytes");

  const { head, rest } = await readStreamHead(request.body, SNIFF_BYTES);
  const declaredType = request.declaredType?.split(";")[0]?.trim().toLowerCase() || undefined;
  const sniffed = sniffMimeType(head);
  const mimeType = declaredType ?? sniffed ?? DEFAULT_MIME_TYPE;
  if (!isMimeTypeAllowed(bucket.allowed_mime_types, sniffed, mimeType)) throw mimeTypeRefused(sniffed ?? mimeType);

  const version = randomUUID();
  const key = bytesKey(caller.organizationId, version);
  let stored: StoredBytes;
  try {
    stored = await runtime.bytes.write(key, rest, { maxBytes: Math.min(limit, room), contentType: mimeType });
  } catch (error) {
    if (error instanceof BytesTooLargeError) throw room < limit ? storageQuotaExceeded("bytes") : objectTooLarge(limit);
    throw error;
  }
  return commitObjectVersion(runtime, caller, {
    bucket,
    path: request.path,
    version,
    stored,
    mimeType,
    cacheControl: request.cacheControl ?? null,
    metadata: request.metadata ?? {},
    upsert: request.upsert,
  });
}
