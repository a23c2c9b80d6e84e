import { mapDatabaseError, RefusalError, type RefusalReason } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { UnsatisfiableRangeError } from "../backends/bytes-errors";
import { asStorageHttpError, StorageHttpError } from "../http-kit/storage-errors";
import { ObjectPathError } from "../http-kit/object-path";
import { MultipartError } from "./multipart-error";

const BY_REASON: Partial<Record<RefusalReason, (error: RefusalError) => StorageHttpError>> = {
  name_taken: () => StorageHttpError.bucketExists(),
  already_exists: () => StorageHttpError.objectExists(),
  not_empty: () => StorageHttpError.bucketNotEmpty(),
  too_large: () => StorageHttpError.payloadTooLarge(),
  mime_type_refused: (error) => new StorageHttpError(415, "InvalidMimeType", "invalid_mime_type", error.message),
  quota_exceeded: (error) => new StorageHttpError(403, "QuotaExceeded", "quota_exceeded", error.message),
};

const BY_CODE: Partial<Record<TRPCError["code"], [code: string, title: string]>> = {
  BAD_REQUEST: ["InvalidRequest", "InvalidRequest"],
  UNAUTHORIZED: ["InvalidJWT", "Unauthorized"],
  FORBIDDEN: ["AccessDenied", "Unauthorized"],
  CONFLICT: ["ResourceAlreadyExists", "Duplicate"],
  PRECONDITION_FAILED: ["InvalidRequest", "Precondition Failed"],
  PAYLOAD_TOO_LARGE: ["EntityTooLarge", "Payload too large"],
  TOO_MANY_REQUESTS: ["SlowDown", "Too Many Requests"],
  TIMEOUT: ["DatabaseTimeout", "Timeout"],
  SERVICE_UNAVAILABLE: ["DatabaseError", "Service Unavailable"],
};

// The domain's NOT_FOUND says which of the two was missing only in its message.
const BUCKET_MISSING = /^Bucket ".*" not found$/s;

function fromTrpcError(error: TRPCError): StorageHttpError | null {
  if (error instanceof RefusalError) {
    const translated = BY_REASON[error.reason]?.(error);
    if (translated) return translated;
  }
  if (error.code === "NOT_FOUND") {
    return BUCKET_MISSING.test(error.message) ? StorageHttpError.bucketNotFound() : StorageHttpError.objectNotFound();
  }
  const known = BY_CODE[error.code];
  return known ? new StorageHttpError(getHTTPStatusCodeFromError(error), known[0], known[1], error.message) : null;
}

// Body parsers and the router raise plain errors with a 4xx status (malformed JSON, a body too large, a bad escape).
function statusOf(error: unknown): number | undefined {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}

/**
 * What a Supabase client is told about an error: refusals in Supabase's codes with the status
 * they stand for, null for the server's own failures (answered as internal, and logged).
 */
export function supabaseErrorOf(error: unknown): StorageHttpError | null {
  if (error instanceof StorageHttpError || error instanceof ObjectPathError) return asStorageHttpError(error);
  if (error instanceof MultipartError) return StorageHttpError.invalidRequest(error.message);
  if (error instanceof UnsatisfiableRangeError) return StorageHttpError.rangeNotSatisfiable();
  const typed = error instanceof TRPCError ? error : mapDatabaseError(error);
  if (typed) return fromTrpcError(typed);
  const status = statusOf(error);
  if (status === 413) return StorageHttpError.payloadTooLarge();
  if (status !== undefined)
    return new StorageHttpError(status, "InvalidRequest", "InvalidRequest", "The request is malformed");
  return null;
}
