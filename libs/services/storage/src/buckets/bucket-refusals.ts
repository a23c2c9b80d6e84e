import { conflict } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** The bucket does not exist, or the caller may not know it does. */
export function bucketNotFound(name: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `Bucket "${name}" not found` });
}

export function bucketNameTaken(name: string): TRPCError {
  return conflict("name_taken", `A bucket named "${name}" already exists`);
}

export function bucketNotEmpty(name: string): TRPCError {
  return conflict("not_empty", `Bucket "${name}" still holds objects; empty it first`);
}
