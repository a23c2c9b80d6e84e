import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { Logger } from "pino";

// Refusals that another delivery of the same event would meet again: the object is gone or hidden,
// cannot become a document, or the user may no longer act. Anything else is retried.
const SETTLED: ReadonlySet<TRPC_ERROR_CODE_KEY> = new Set([
  "NOT_FOUND",
  "BAD_REQUEST",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "PRECONDITION_FAILED",
]);

/** Runs `work`, logging instead of throwing a refusal that retrying cannot overcome. */
export async function skippingSettledRefusals(log: Logger, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof TRPCError) || !SETTLED.has(error.code)) throw error;
    log.info({ code: error.code, refusal: error.message }, `${what} skipped`);
  }
}
