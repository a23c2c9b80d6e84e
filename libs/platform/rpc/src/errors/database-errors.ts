import { TRPCError } from "@trpc/server";

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

/**
 * Turns a Postgres error a client caused into a typed error it can act on; returns null for
 * errors that are the server's fault (those stay INTERNAL_SERVER_ERROR and are logged).
 */
export function mapDatabaseError(cause: unknown): TRPCError | null {
  if (!isPostgresError(cause)) return null;
  const constraint = cause.constraint ? ` (${cause.constraint})` : "";
  switch (cause.code) {
    case "23505":
      return new TRPCError({ code: "CONFLICT", message: `A record with these values already exists${constraint}`, cause });
    case "23503":
      return new TRPCError({ code: "BAD_REQUEST", message: `A referenced record does not exist or is still in use${constraint}`, cause });
    case "23502":
      return new TRPCError({ code: "BAD_REQUEST", message: `A required value is missing${cause.column ? ` (${cause.column})` : ""}`, cause });
    case "23514":
    case "23P01":
      return new TRPCError({ code: "BAD_REQUEST", message: `The values break a rule of this record${constraint}`, cause });
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
