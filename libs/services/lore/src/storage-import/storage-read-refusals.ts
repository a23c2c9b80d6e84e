import { ObjectReadError } from "@cauldron/client-storage";
import type { ObjectRef } from "@cauldron/contracts";
import { conflict, invalidFields, RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { describeBytes } from "../text/byte-size";
import { DOCUMENT_CONTENT_TYPES } from "../text/document-content-type";

/** The refusal of an import by a lore service that cannot call storage. */
export function storageImportUnavailable(): TRPCError {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message:
      "Importing from storage needs the storage service, which this lore service cannot call: " +
      "SERVICE_TOKEN_SECRET is not set. Send the document's content instead",
  });
}

/** BAD_REQUEST on `source` for an object whose type cannot become a document. */
export function unsupportedObjectType(mimeType: string | null): TRPCError {
  return invalidFields([
    {
      path: ["source"],
      message: `An object of type ${mimeType ?? "unknown"} cannot become a document; import one of ${DOCUMENT_CONTENT_TYPES.join(", ")}`,
    },
  ]);
}

/**
 * What the caller is told when storage would not give the object: a missing object and one the
 * caller may not read are the same NOT_FOUND, so the answer never tells whether a hidden object
 * exists. Storage's own failures (a token it refused, an answer that made no sense) stay internal.
 */
export function storageReadRefusal(error: unknown, object: ObjectRef, maxBytes: number): unknown {
  if (!(error instanceof ObjectReadError)) return error;
  switch (error.reason) {
    case "not_found":
    case "forbidden":
      return new TRPCError({
        code: "NOT_FOUND",
        message: `No object "${object.path}" in bucket "${object.bucket}" that you may read`,
      });
    case "too_large":
      return invalidFields([
        { path: ["source"], message: `The object is larger than the ${describeBytes(maxBytes)} an import may read` },
      ]);
    case "not_accepted":
      return unsupportedObjectType(error.info?.mimeType ?? null);
    case "changed":
      return conflict("version_conflict", "The object was replaced while it was read; import it again");
    case "unavailable":
      return new RefusalError({
        code: "SERVICE_UNAVAILABLE",
        message: "The storage service could not be reached; try again shortly",
        reason: "peer_unavailable",
      });
    case "timeout":
      return new RefusalError({
        code: "GATEWAY_TIMEOUT",
        message: "The storage service did not answer in time; try again shortly",
        reason: "peer_timeout",
      });
    default:
      return error;
  }
}
