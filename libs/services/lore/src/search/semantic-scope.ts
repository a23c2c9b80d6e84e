import type { LoreSearchFilters, MetadataFilter } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { loadCallerDocumentAccess } from "./caller-document-access";
import { currentEmbeddingIdsOf } from "./current-chunks";
import { semanticChunkFilter } from "./semantic-chunk-filter";

/** The most chunk ids one vector search is confined to (vector.search's entityIds). */
const MOST_CHUNK_IDS = 1_000;

/**
 * Where a semantic search looks: the metadata filter (semantic-chunk-filter.ts) and, within
 * named documents, their current chunks' embeddings by id, so the vector service compares those few exactly
 * through its entity index instead of walking an index of the whole organization's chunks.
 */
export interface SemanticScope {
  filter: MetadataFilter | undefined;
  /** The ids the chunks to compare are embedded under; none left means nothing can be found. */
  chunkIds?: string[];
  /**
   * Compare every chunk in scope rather than walk the index: always within named documents, also
   * when they hold more chunks than one search may name and only the filter confines it.
   */
  exact: boolean;
}

/** The caller's semantic scope for `filters`, read under RLS in the search's first transaction. */
export async function loadSemanticScope(
  trx: Transaction<Database>,
  filters: LoreSearchFilters,
): Promise<SemanticScope> {
  const filter = semanticChunkFilter(await loadCallerDocumentAccess(trx), filters);
  if (filters.documentIds === undefined) return { filter, exact: false };
  const chunkIds = await currentEmbeddingIdsOf(trx, filters.documentIds, MOST_CHUNK_IDS + 1);
  return chunkIds.length <= MOST_CHUNK_IDS ? { filter, chunkIds, exact: true } : { filter, exact: true };
}
