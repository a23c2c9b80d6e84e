import { conflict, RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** The object does not exist, or the caller may not know it does. */
export function objectNotFound(path: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `Object "${path}" not found` });
}

export function objectExists(path: string): TRPCError {
  return conflict("already_exists", `An object already exists at "${path}"; replace it with upsert`);
}

export function objectTooLarge(limit: number): RefusalError {
  return new RefusalError({
    code: "PAYLOAD_TOO_LARGE",
    reason: "too_large",
    message: `The object is larger than the ${limit} bytes allowed here`,
  });
}

export function mimeTypeRefused(mimeType: string): RefusalError {
  return new RefusalError({
    code: "UNSUPPORTED_MEDIA_TYPE",
    reason: "mime_type_refused",
    message: `This bucket does not accept ${mimeType} objects`,
  });
}

export function storageQuotaExceeded(limit: "bytes" | "objects"): RefusalError {
  return new RefusalError({
    code: "FORBIDDEN",
    reason: "quota_exceeded",
    message: `This organization's storage quota of ${limit} is used up; delete objects or raise the quota`,
  });
}
