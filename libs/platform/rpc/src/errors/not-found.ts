import { TRPCError } from "@trpc/server";

/**
 * The row a query module found, or NOT_FOUND with `message` (which says what is missing): query
 * modules answer `undefined` and the procedure decides, in one line.
 */
export function requireFound<T>(value: T | undefined | null, message: string): T {
  if (value === undefined || value === null) throw new TRPCError({ code: "NOT_FOUND", message });
  return value;
}
