import { LORE_CHUNK_ENTITY_TYPE } from "@cauldron/contracts";
import type { LoreRuntime } from "../lore-runtime";
import type { SearchCaller } from "./search-caller";
import type { SemanticScope } from "./semantic-scope";
import { asSemanticSearchRefusal, semanticSearchUnavailable } from "./search-refusals";

/** The vector service's typed client, acting as one request's caller. */
export type VectorCaller = ReturnType<NonNullable<LoreRuntime["vector"]>["for"]>;

/** A chunk the vector service found near the query, with its similarity. */
export interface SimilarChunk {
  /** The chunk the embedding is stored under: the chunk itself, or the first of its lineage. */
  chunkId: string;
  score: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The vector service as the caller, or the refusal of `mode` when this service cannot call it. */
export function vectorFor(runtime: LoreRuntime, caller: SearchCaller, mode: string): VectorCaller {
  if (!runtime.vector) throw semanticSearchUnavailable(mode);
  return runtime.vector.for({
    principal: caller.principal,
    organizationId: caller.organizationId,
    requestId: caller.requestId,
  });
}

/**
 * The lore chunks nearest in meaning to `text`, best first, as the vector service ranks the
 * organization's default model's embeddings within the scope. Which of them the caller may see is
 * for the caller's own RLS to say when they are loaded.
 */
export async function findSimilarChunks(
  vector: VectorCaller,
  request: { text: string; topK: number; scope: SemanticScope },
): Promise<SimilarChunk[]> {
  const { filter, chunkIds, exact } = request.scope;
  if (chunkIds?.length === 0) return [];
  const { hits } = await vector.vector.search
    .query({
      text: request.text,
      topK: request.topK,
      entityType: LORE_CHUNK_ENTITY_TYPE,
      exact,
      ...(filter ? { filter } : {}),
      ...(chunkIds ? { entityIds: chunkIds } : {}),
    })
    .catch((error: unknown) => {
      throw asSemanticSearchRefusal(error);
    });
  const seen = new Set<string>();
  return hits.flatMap((hit) => {
    const chunkId = hit.entityId?.toLowerCase();
    if (!chunkId || !UUID.test(chunkId) || seen.has(chunkId)) return [];
    seen.add(chunkId);
    return [{ chunkId, score: hit.score }];
  });
}
