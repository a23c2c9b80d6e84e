import { RefusalError, type RefusalReason } from "@cauldron/rpc";
import { TRPCClientError } from "@trpc/client";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

/** The refusal of a semantic search by a lore service that has no way to call the vector service. */
export function semanticSearchUnavailable(mode: string): RefusalError {
  return new RefusalError({
    code: "SERVICE_UNAVAILABLE",
    message: `Mode "${mode}" needs the vector service, which this lore service cannot call: SERVICE_TOKEN_SECRET is not set. Search in mode "text" or "fuzzy", or retrieve in mode "graph"`,
    reason: "peer_unavailable",
  });
}

// What the vector service may answer that a caller can act on (wait, retry later); anything else
// is a fault of this service's request and surfaces as an internal error with its request id.
const PASSED_ON = new Set<TRPC_ERROR_CODE_KEY>(["TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT"]);

/** The vector service's refusal of a semantic search as this service's own, with its reason and wait. */
export function asSemanticSearchRefusal(error: unknown): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const data = error.data as { code?: TRPC_ERROR_CODE_KEY; reason?: RefusalReason; retryAfterSeconds?: number } | null;
  if (!data?.code || !PASSED_ON.has(data.code) || !data.reason) return error;
  return new RefusalError({
    code: data.code,
    message: `Semantic search is unavailable for now: ${error.message}`,
    reason: data.reason,
    retryAfterSeconds: data.retryAfterSeconds,
  });
}
