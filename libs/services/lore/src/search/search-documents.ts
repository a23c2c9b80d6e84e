import type { loreSearchInputSchema, LoreSearchOutput } from "@cauldron/contracts";
import type { z } from "zod";
import type { LoreRuntime } from "../lore-runtime";
import { loadCurrentChunks } from "./current-chunks";
import {
  bestPerDocument,
  fromSimilarChunk,
  fromTextMatch,
  fromTitleMatch,
  fuseDocumentRankings,
  hitsOfRanking,
  inSimilarOrder,
  type PendingHit,
} from "./document-candidates";
import type { SearchCaller } from "./search-caller";
import { loadSemanticScope } from "./semantic-scope";
import { findSimilarChunks, vectorFor } from "./similar-chunks";
import { highlightedSnippet } from "./snippet-markup";
import { highlightChunks, rankChunksByText } from "./text-ranking";
import { rankDocumentsByTitle } from "./title-ranking";

type SearchRequest = z.output<typeof loreSearchInputSchema>;

// Each ranking fused in hybrid mode offers more documents than the answer holds, so a document
// placed modestly by several rankings can rise above one found by a single ranking.
function fusionCandidates(limit: number): number {
  return Math.min(limit * 3, 300);
}

// The vector service ranks chunks, several of them per document and some of them filtered out
// afterwards (category, tags, status, older versions), so it is asked for more than the answer holds.
function similarChunksWanted(limit: number): number {
  return Math.min(limit * 4, 1_000);
}

/**
 * lore.search: the caller's documents best matching the query, at most one hit per document, in
 * the caller's team access throughout. Text and fuzzy take one statement; semantic search asks
 * the caller's access (and the named documents' chunks) first, then the vector service, then
 * loads what it found under RLS; hybrid does all of these in two transactions around the vector
 * call.
 */
export async function searchDocuments(
  runtime: LoreRuntime,
  caller: SearchCaller,
  request: SearchRequest,
): Promise<LoreSearchOutput> {
  const { query, mode, limit } = request;
  const filters = request.filters ?? {};
  const hybrid = mode === "hybrid";
  const vector = mode === "semantic" || hybrid ? vectorFor(runtime, caller, mode) : null;
  const wanted = hybrid ? fusionCandidates(limit) : limit;

  const first = await caller.tenant(async (trx) => ({
    semantic: vector ? await loadSemanticScope(trx, filters) : null,
    text:
      mode === "text" || hybrid
        ? await rankChunksByText(trx, {
            text: query,
            match: "all",
            filters,
            limit: wanted,
            bestPerDocument: true,
            highlight: hybrid ? 0 : limit,
          })
        : [],
    titles: mode === "fuzzy" || hybrid ? await rankDocumentsByTitle(trx, { text: query, filters, limit: wanted }) : [],
  }));
  const text = first.text.map(fromTextMatch);
  const fuzzy = first.titles.map(fromTitleMatch);
  if (vector === null || first.semantic === null) {
    const hits = mode === "text" ? hitsOfRanking("text", text, limit) : hitsOfRanking("fuzzy", fuzzy, limit);
    return { mode, hits: finished(hits) };
  }

  const similar = await findSimilarChunks(vector, {
    text: query,
    topK: similarChunksWanted(limit),
    scope: first.semantic,
  });
  return caller.tenant(async (trx) => {
    const loaded = await loadCurrentChunks(
      trx,
      similar.map((chunk) => chunk.chunkId),
      filters,
    );
    const semantic = bestPerDocument(inSimilarOrder(similar, loaded)).map(fromSimilarChunk);
    if (!hybrid) return { mode, hits: finished(hitsOfRanking("semantic", semantic, limit)) };

    const pending = fuseDocumentRankings({ text, semantic, fuzzy }, limit);
    const unhighlighted = pending.flatMap((hit) => (hit.snippet === null && hit.chunkId ? [hit.chunkId] : []));
    const headlines = await highlightChunks(trx, unhighlighted, query, "all");
    return {
      mode,
      hits: finished(
        pending.map((hit) => {
          const headline = hit.chunkId ? headlines.get(hit.chunkId) : undefined;
          return hit.snippet === null && headline !== undefined
            ? { ...hit, snippet: highlightedSnippet(headline) }
            : hit;
        }),
      ),
    };
  });
}

/** Hits with their excerpts; one whose chunk vanished between the two transactions shows none. */
function finished(hits: PendingHit[]): LoreSearchOutput["hits"] {
  return hits.map((hit) => ({ ...hit, snippet: hit.snippet ?? "" }));
}
