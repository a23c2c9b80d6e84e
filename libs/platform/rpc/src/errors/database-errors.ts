import { InvalidCursorError } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import { RefusalError } from "./refusal";

interface PostgresErrorLike {
  code: string;
  constraint?: string;
  column?: string;
}

function isPostgresError(value: unknown): value is PostgresErrorLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    /^[0-9A-Z]{5}$/.test((value as { code: string }).code) &&
    "severity" in value
  );
}

/** Whether a Postgres error says a unique constraint (any, or the one named) refused a row. */
export function isUniqueViolation(cause: unknown, constraint?: string): boolean {
  return (
    isPostgresError(cause) && cause.code === "23505" && (constraint === undefined || cause.constraint === constraint)
  );
}

/**
 * Turns a Postgres error (or a foreign pagination cursor) a client caused into a typed error it can
 * act on; returns null for errors that are the server's fault (those stay INTERNAL_SERVER_ERROR
 * and are logged).
 */
export function mapDatabaseError(cause: unknown): TRPCError | null {
  // Query modules decode cursors and know nothing of tRPC; a cursor the client made up is its fault.
  if (cause instanceof InvalidCursorError) return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  if (isDatabaseUnreachable(cause)) return databaseUnavailableError();
  if (!isPostgresError(cause)) return null;
  if (cause.code === "57014" || cause.code === "55P03") {
    return new RefusalError({
      code: "TIMEOUT",
      message: "The database took too long to answer this request; narrow it or retry later",
      reason: "statement_timeout",
    });
  }
  const constraint = cause.constraint ? ` (${cause.constraint})` : "";
  switch (cause.code) {
    case "23505":
      return new TRPCError({
        code: "CONFLICT",
        message: `A record with these values already exists${constraint}`,
        cause,
      });
    case "23503":
      return new TRPCError({
        code: "BAD_REQUEST",
        message: `A referenced record does not exist or is still in use${constraint}`,
        cause,
      });
    case "23502":
      return new TRPCError({
        code: "BAD_REQUEST",
        message: `A required value is missing${cause.column ? ` (${cause.column})` : ""}`,
        cause,
      });
    case "23514":
    case "23P01":
      return new TRPCError({
        code: "BAD_REQUEST",
        message: `The values break a rule of this record${constraint}`,
        cause,
      });
    // 22021: text holding a NUL byte, which Postgres cannot store.
    case "22P02":
    case "22021":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
      return new TRPCError({ code: "BAD_REQUEST", message: "A value has the wrong format or is out of range", cause });
    case "42501":
      return new TRPCError({ code: "FORBIDDEN", message: "This organization does not allow that change", cause });
    case "40001":
    case "40P01":
      return new TRPCError({ code: "CONFLICT", message: "The record changed concurrently; retry the request", cause });
    default:
      return null;
  }
}

// Connection-level SQLSTATEs: the server is shutting down, starting up, or out of connections.
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const UNREACHABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);
// node-postgres raises these as plain errors, without a code.
// A pooled client whose connection broke answers every later query with "... is not queryable".
const UNREACHABLE_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /^Client has encountered a connection error and is not queryable$/i,
];

/** True when the database could not be reached or is refusing connections: a retry may succeed. */
function isDatabaseUnreachable(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false;
  const code = (cause as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (UNREACHABLE_SOCKET_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith("08"))
  ) {
    return true;
  }
  return UNREACHABLE_MESSAGES.some((pattern) => pattern.test(cause.message));
}

/** SERVICE_UNAVAILABLE with a retry hint, for a database that is down, restarting or out of connections. */
function databaseUnavailableError(): RefusalError {
  return new RefusalError({
    code: "SERVICE_UNAVAILABLE",
    message: "The database is unavailable right now; retry shortly",
    reason: "database_unavailable",
    retryAfterSeconds: 1,
  });
}
