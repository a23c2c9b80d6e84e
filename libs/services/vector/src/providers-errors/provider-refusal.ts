import { RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { EmbeddingProviderError } from "../providers";

/** The model a refusal names; its name is safe to show, unlike its configuration. */
interface RefusedModel {
  name: string;
}

/**
 * The typed error a caller sees when `model`'s provider could not embed: what to change when it is
 * theirs to change, a reason and a retry hint when it is the provider's. The provider's own message
 * is left out (log it instead): it may quote the endpoint's answer, which may echo the request.
 */
export function providerRefusal(error: EmbeddingProviderError, model: RefusedModel): TRPCError {
  const name = `Embedding model "${model.name}"`;
  switch (error.kind) {
    case "unsupported":
      return new TRPCError({
        code: "BAD_REQUEST",
        message: `${name} is precomputed: it cannot embed text; send a vector with every item`,
      });
    case "configuration":
      return new RefusalError({
        code: "PRECONDITION_FAILED",
        message: `${name} cannot embed text as configured (its endpoint, model name or API key is wrong); an administrator must fix or retire it`,
        reason: "embedding_provider_failed",
      });
    case "rate_limited": {
      const retryAfterSeconds = Math.max(1, error.retryAfterSeconds ?? 1);
      return new RefusalError({
        code: "TOO_MANY_REQUESTS",
        message: `${name}'s embedding endpoint is rate limiting requests; retry after ${retryAfterSeconds} seconds`,
        reason: "rate_limited",
        retryAfterSeconds,
      });
    }
    case "timeout":
      return new RefusalError({
        code: "TIMEOUT",
        message: `${name}'s embedding endpoint did not answer in time; retry later or send fewer items`,
        reason: "embedding_provider_failed",
      });
    case "upstream":
    case "bad_response":
      return new RefusalError({
        code: "BAD_GATEWAY",
        message: `${name}'s embedding endpoint failed to embed the text; retry later or send vectors yourself`,
        reason: "embedding_provider_failed",
      });
  }
}
