import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Logger } from "pino";
import { ProtocolDecodeError } from "../ingest/protocols";
import { IngestRefusal } from "./ingest-refusal";

/** Why a protocol request failed, as its client is told: a status and a message with no internals. */
export interface IngestFailure {
  status: number;
  message: string;
}

const INTERNAL = "Internal server error; quote the request id when reporting it";

/**
 * What to tell a protocol client about an error: refusals as they are (bad token, no permission,
 * a body too large or unreadable), anything else as 500 with only the request id, logged in full.
 */
export function ingestFailureOf(error: unknown, logger: Logger, requestId: string | undefined): IngestFailure {
  if (error instanceof IngestRefusal) return { status: error.status, message: error.message };
  if (error instanceof ProtocolDecodeError) {
    // The snappy header declares the inflated size, so a body too large inflated is refused unread.
    return { status: error.location === "snappy header" ? 413 : 400, message: error.message };
  }
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    return { status: getHTTPStatusCodeFromError(error), message: error.message };
  }
  logger.error({ err: error, requestId }, "metrics ingest failed");
  return { status: 500, message: INTERNAL };
}
