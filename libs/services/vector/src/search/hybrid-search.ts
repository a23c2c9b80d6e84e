import { fuseByReciprocalRank, type SearchHit } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { fullTextCandidates } from "./full-text-candidates";
import {
  findNearest,
  loadScoredEmbeddings,
  type IndexScanSettings,
  type NearestRequest,
  type ScoredEmbedding,
} from "./nearest-embeddings";
import { toSearchHit } from "./search-hits";
import type { SearchStrategy } from "./search-strategy";

/** How much the vector ranking and the full-text ranking each count in the fused order. */
export interface HybridWeights {
  vectorWeight: number;
  textWeight: number;
}

// Each ranking contributes more candidates than the answer holds, so a row ranked modestly by
// both can still rise above rows only one of them found.
function candidateCount(topK: number): number {
  return Math.max(topK * 4, 40);
}

/**
 * Hybrid search: the nearest rows and the best full-text matches of `text`, both within the same
 * scope, fused by weighted reciprocal rank; each hit keeps its vector score beside the fused one.
 */
export async function hybridSearch(
  trx: Transaction<Database>,
  request: NearestRequest,
  text: string,
  weights: HybridWeights,
  strategy: SearchStrategy,
  settings: IndexScanSettings,
): Promise<{ strategy: SearchStrategy; hits: SearchHit[] }> {
  const limit = candidateCount(request.limit);
  const nearest = await findNearest(trx, { ...request, limit }, strategy, settings);
  const matching = await fullTextCandidates(trx, request.scope, text, limit);
  const fused = fuseByReciprocalRank([
    { ids: nearest.rows.map((row) => row.id), weight: weights.vectorWeight },
    { ids: matching, weight: weights.textWeight },
  ]).slice(0, request.limit);

  const rows = new Map<string, ScoredEmbedding>(nearest.rows.map((row) => [row.id, row]));
  const textOnly = fused.map((entry) => entry.id).filter((id) => !rows.has(id));
  for (const row of await loadScoredEmbeddings(trx, request, textOnly)) rows.set(row.id, row);

  const hits = fused.flatMap((entry) => {
    const row = rows.get(entry.id);
    return row ? [toSearchHit(row, request.model.distance, entry.score)] : [];
  });
  return { strategy: nearest.strategy, hits };
}
