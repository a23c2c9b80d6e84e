import { ObjectReadError } from "@cauldron/client-storage";
import { isStorageError, StorageApiError, StorageUnknownError } from "@supabase/storage-js";
import { TRPCClientError } from "@trpc/client";
import { RequestDeadlineError } from "./request-deadline";

/** Bytes read back that differ from the bytes whose upload was acknowledged. */
export class ChecksumMismatchError extends Error {
  constructor(path: string) {
    super(`the bytes read back from ${path} differ from the bytes uploaded`);
    this.name = "ChecksumMismatchError";
  }
}

const TIMEOUT_NAMES = new Set(["AbortError", "TimeoutError", "RequestDeadlineError"]);

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** A failure that never reached a service's answer: TIMEOUT, or the socket's code (ECONNREFUSED, …). */
function transportCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof RequestDeadlineError || TIMEOUT_NAMES.has(String(field(current, "name")))) return "TIMEOUT";
    const code = field(current, "code");
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = field(current, "cause") ?? field(current, "originalError");
  }
  const name = field(error, "name");
  return typeof name === "string" && name.length > 0 ? name : "UNKNOWN";
}

function trpcCode(error: TRPCClientError<never>): string {
  const code = field(error.data, "code");
  if (typeof code === "string") return code;
  const status = field(field(error.meta, "response"), "status");
  return typeof status === "number" ? `HTTP_${status}` : transportCode(error.cause);
}

/**
 * How the load counts a failed request: the tRPC error code a service answered with
 * (INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE, …), HTTP_<status> for the storage REST API,
 * TIMEOUT past the request deadline, the socket error's code when no answer came, and
 * CHECKSUM_MISMATCH when stored bytes came back changed.
 */
export function failureCode(error: unknown): string {
  if (error instanceof ChecksumMismatchError) return "CHECKSUM_MISMATCH";
  if (error instanceof TRPCClientError) return trpcCode(error);
  if (error instanceof ObjectReadError) {
    if (error.reason === "timeout") return "TIMEOUT";
    return error.status === undefined ? transportCode(error.cause) : `HTTP_${error.status}`;
  }
  if (error instanceof StorageApiError) return `HTTP_${error.status}`;
  if (error instanceof StorageUnknownError) return transportCode(error.originalError);
  if (isStorageError(error)) return `HTTP_${field(error, "status") ?? "UNKNOWN"}`;
  return transportCode(error);
}
