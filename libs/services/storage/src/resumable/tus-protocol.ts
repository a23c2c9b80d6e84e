import type { IncomingMessage } from "node:http";
import { StorageHttpError } from "../http-kit/storage-errors";

/** The one TUS protocol version spoken here; every request but OPTIONS must name it. */
export const TUS_VERSION = "1.0.0";

/** The TUS extensions served: uploads are created, terminated, and expire. */
export const TUS_EXTENSIONS = ["creation", "termination", "expiration"] as const;

/** The only body type a PATCH may carry. */
export const OFFSET_CONTENT_TYPE = "application/offset+octet-stream";

const BYTE_COUNT = /^(0|[1-9][0-9]{0,15})$/;

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Refuses a request that does not speak this TUS version (412, naming the version that is spoken). */
export function assertTusVersion(req: IncomingMessage): void {
  const version = singleHeader(req, "tus-resumable");
  if (version !== TUS_VERSION) {
    throw new StorageHttpError(412, "InvalidTusVersion", "Precondition Failed", `Send Tus-Resumable: ${TUS_VERSION}`);
  }
}

/** A byte count header (Upload-Length, Upload-Offset, Content-Length), refused unless a whole number within safe range. */
export function byteCountHeader(req: IncomingMessage, name: string): number | undefined {
  const value = singleHeader(req, name)?.trim();
  if (value === undefined) return undefined;
  const count = BYTE_COUNT.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count)) {
    throw StorageHttpError.invalidRequest(`${name} must be a whole number of bytes`);
  }
  return count;
}

/** Like byteCountHeader, for a header the request cannot do without. */
export function requiredByteCount(req: IncomingMessage, name: string): number {
  const count = byteCountHeader(req, name);
  if (count === undefined) throw StorageHttpError.invalidRequest(`Send the ${name} header`);
  return count;
}

/** Whether the client asked to replace an object already at the path (Supabase's `x-upsert: true`). */
export function wantsUpsert(req: IncomingMessage): boolean {
  return singleHeader(req, "x-upsert")?.trim().toLowerCase() === "true";
}

/** The essence of the request's Content-Type, lowercased, or undefined. */
export function contentTypeOf(req: IncomingMessage): string | undefined {
  return singleHeader(req, "content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The raw Upload-Metadata header, if sent. */
export function uploadMetadataHeader(req: IncomingMessage): string | undefined {
  return singleHeader(req, "upload-metadata");
}
