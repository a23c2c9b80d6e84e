import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { searchInputSchema, searchOutputSchema } from "@cauldron/contracts";
import { permittedProcedure, requestActorUserId } from "@cauldron/rpc";
import type { VectorRuntime } from "../vector-runtime";
import { searchEmbeddings, type SearchInput } from "./search-embeddings";
import type { SearchLog } from "./search-log";

function loggedFilters(input: SearchInput): Record<string, unknown> {
  return {
    ...(input.filter !== undefined ? { metadata: input.filter } : {}),
    ...(input.entityType !== undefined ? { entityType: input.entityType } : {}),
    ...(input.entityIds !== undefined ? { entityIds: input.entityIds.length } : {}),
  };
}

/**
 * vector.search: the organization's rows nearest to a text or vector, optionally fused with
 * full-text matches. The caller's organization access is looked up in the search's first round
 * trip (its answers wait for the verdict), and the search is logged only once the caller is
 * admitted. The answer names its queryId; the log is written after the answer is sent.
 */
export function createSearchProcedure(runtime: VectorRuntime, searchLog: SearchLog) {
  return permittedProcedure("embeddings:read")
    .meta({ admitWithFirstStatement: true })
    .input(searchInputSchema)
    .output(searchOutputSchema)
    .query(async ({ ctx, input, signal }) => {
      const startedAt = performance.now();
      const queryId = randomUUID();
      const { organizationId } = ctx;
      const answer = await searchEmbeddings(
        { runtime, tenant: ctx.tenant, admitted: ctx.admitted, organizationId, signal },
        input,
      );
      const latencyMs = performance.now() - startedAt;
      // A refused caller's search is not logged; the middleware answers the refusal.
      ctx.admitted().then(
        () =>
          searchLog.record({
            queryId,
            organizationId,
            userId: requestActorUserId(ctx),
            queryText: input.text ?? null,
            queryVector: answer.queryVector,
            modelId: answer.modelId,
            collectionId: answer.collectionId ?? null,
            filters: loggedFilters(input),
            topK: input.topK,
            threshold: input.threshold ?? null,
            mode: input.hybrid !== undefined ? "hybrid" : "vector",
            latencyMs,
            hits: answer.hits,
          }),
        () => undefined,
      );
      return { queryId, modelId: answer.modelId, hits: answer.hits, strategy: answer.strategy };
    });
}
