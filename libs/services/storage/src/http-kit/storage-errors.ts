import { ObjectPathError } from "./object-path";
import type { SignedTokenRefusal } from "./signed-token";

/** Supabase Storage's JSON error body; storage-js turns it into a StorageApiError with this message. */
export interface SupabaseErrorBody {
  statusCode: string;
  error: string;
  code: string;
  message: string;
}

const SIGNED_TOKEN_ERRORS: Record<SignedTokenRefusal, [status: number, code: string, message: string]> = {
  malformed: [400, "InvalidJWT", "The token of this link is malformed"],
  unknown_key: [403, "InvalidSignature", "Invalid signature: the key that signed this link is retired"],
  bad_signature: [403, "InvalidSignature", "Invalid signature"],
  wrong_target: [403, "InvalidSignature", "Invalid signature: the link was signed for another object or action"],
  expired: [403, "ExpiredToken", "The provided token has expired."],
};

/**
 * A refusal answered in Supabase Storage's shape, with its codes and messages. `status` is both
 * the HTTP status and the body's `statusCode`: Supabase itself sends most 4xx as HTTP 400 with the
 * real status only in the body, and storage-js reads either, so the honest status goes on the wire.
 */
export class StorageHttpError extends Error {
  constructor(
    readonly status: number,
    /** Supabase's error code, such as `NoSuchKey`. */
    readonly code: string,
    /** A short title, sent as the body's `error`, such as `not_found`. */
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = "StorageHttpError";
  }

  static objectNotFound(): StorageHttpError {
    return new StorageHttpError(404, "NoSuchKey", "not_found", "Object not found");
  }

  static bucketNotFound(): StorageHttpError {
    return new StorageHttpError(404, "NoSuchBucket", "Bucket not found", "Bucket not found");
  }

  static uploadNotFound(): StorageHttpError {
    return new StorageHttpError(404, "NoSuchUpload", "NoSuchUpload", "Upload not found");
  }

  static invalidRequest(message: string): StorageHttpError {
    return new StorageHttpError(400, "InvalidRequest", "InvalidRequest", message);
  }

  static invalidObjectName(error: ObjectPathError): StorageHttpError {
    return new StorageHttpError(400, "InvalidKey", "InvalidKey", `Invalid key: ${error.message}`);
  }

  static invalidBucketName(): StorageHttpError {
    return new StorageHttpError(400, "InvalidBucketName", "Invalid Input", "Bucket name invalid");
  }

  /** No credentials, or credentials that did not verify. */
  static unauthenticated(message: string): StorageHttpError {
    return new StorageHttpError(401, "InvalidJWT", "Unauthorized", message);
  }

  /** Credentials that verified but do not reach this bucket or object. */
  static accessDenied(message: string): StorageHttpError {
    return new StorageHttpError(403, "AccessDenied", "Unauthorized", message);
  }

  /** A signed link whose token did not verify, by the reason it did not. */
  static invalidSignature(reason: SignedTokenRefusal): StorageHttpError {
    const [status, code, message] = SIGNED_TOKEN_ERRORS[reason];
    return new StorageHttpError(status, code, code, message);
  }

  static objectExists(): StorageHttpError {
    return new StorageHttpError(409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
  }

  static bucketExists(): StorageHttpError {
    return new StorageHttpError(409, "BucketAlreadyExists", "Duplicate", "The resource already exists");
  }

  static bucketNotEmpty(): StorageHttpError {
    return new StorageHttpError(
      409,
      "ResourceNotEmpty",
      "ResourceNotEmpty",
      "The bucket you tried to delete is not empty",
    );
  }

  static payloadTooLarge(): StorageHttpError {
    return new StorageHttpError(
      413,
      "EntityTooLarge",
      "Payload too large",
      "The object exceeded the maximum allowed size",
    );
  }

  static invalidMimeType(mimeType: string): StorageHttpError {
    return new StorageHttpError(415, "InvalidMimeType", "invalid_mime_type", `mime type ${mimeType} is not supported`);
  }

  /** The organization's storage quota (its bytes or its object count) has no room for this object. */
  static quotaExceeded(limit: "bytes" | "objects"): StorageHttpError {
    const what = limit === "bytes" ? "size" : "object count";
    return new StorageHttpError(
      403,
      "QuotaExceeded",
      "quota_exceeded",
      `This organization's storage quota (${what}) is used up; delete objects or ask for a higher quota`,
    );
  }

  static rangeNotSatisfiable(): StorageHttpError {
    return new StorageHttpError(416, "InvalidRange", "invalid_range", "invalid range provided");
  }

  /** A dependency (Redis) is down for now: clients, TUS ones included, retry a 503. */
  static unavailable(): StorageHttpError {
    return new StorageHttpError(
      503,
      "ServiceUnavailable",
      "service_unavailable",
      "Storage is briefly unavailable; retry shortly",
    );
  }

  /** What a client is told of a failure it did not cause; the details belong in the log. */
  static internal(): StorageHttpError {
    return new StorageHttpError(500, "InternalError", "Internal", "Internal server error");
  }
}

/** The error to answer for anything a route throws: a StorageHttpError as it is, a bad object path as InvalidKey, else internal. */
export function asStorageHttpError(error: unknown): StorageHttpError {
  if (error instanceof StorageHttpError) return error;
  if (error instanceof ObjectPathError) return StorageHttpError.invalidObjectName(error);
  return StorageHttpError.internal();
}

/** The JSON body Supabase Storage answers an error with. */
export function supabaseErrorBody(error: StorageHttpError): SupabaseErrorBody {
  return { statusCode: String(error.status), error: error.title, code: error.code, message: error.message };
}
