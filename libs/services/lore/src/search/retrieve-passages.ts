import type { loreRetrieveInputSchema, LoreRetrieveOutput } from "@cauldron/contracts";
import type { z } from "zod";
import type { LoreRuntime } from "../lore-runtime";
import { loadCurrentChunks } from "./current-chunks";
import { inSimilarOrder } from "./document-candidates";
import { graphMatchScore, rankChunksByEntities } from "./graph-ranking";
import {
  fusePassageRankings,
  MEANING_REASON,
  mentionReasons,
  toPassage,
  WORDS_REASON,
  type PassageCandidate,
} from "./passage-candidates";
import { questionNameKeys } from "./question-name-keys";
import type { SearchCaller } from "./search-caller";
import { loadSemanticScope } from "./semantic-scope";
import { findSimilarChunks, vectorFor } from "./similar-chunks";
import { rankChunksByText } from "./text-ranking";

type RetrieveRequest = z.output<typeof loreRetrieveInputSchema>;

// Every ranking offers more passages than the answer holds, so fusion has some to choose from.
function candidatesWanted(limit: number): number {
  return Math.min(limit * 3, 150);
}

/**
 * lore.retrieve: passages of the caller's documents that answer a question, with the reasons
 * each was chosen. `chunks` fuses full text (any of the question's words) and meaning over
 * passages, `graph` follows the entities the question names, `hybrid` fuses all three; all of it
 * within the caller's team access.
 */
export async function retrievePassages(
  runtime: LoreRuntime,
  caller: SearchCaller,
  request: RetrieveRequest,
): Promise<LoreRetrieveOutput> {
  const { question, mode, limit } = request;
  const filters = request.filters ?? {};
  const vector = mode === "graph" ? null : vectorFor(runtime, caller, mode);
  const wanted = candidatesWanted(limit);

  const first = await caller.tenant(async (trx) => ({
    semantic: vector ? await loadSemanticScope(trx, filters) : null,
    text:
      mode === "graph"
        ? []
        : await rankChunksByText(trx, {
            text: question,
            match: "any",
            filters,
            limit: wanted,
            bestPerDocument: false,
            highlight: 0,
          }),
    graph:
      mode === "chunks"
        ? []
        : await rankChunksByEntities(trx, {
            organizationId: caller.organizationId,
            names: questionNameKeys(question),
            filters,
            limit: wanted,
          }),
  }));
  const graph: PassageCandidate[] = first.graph.map((match) => ({
    ...match,
    score: graphMatchScore(match),
    reasons: mentionReasons(match.mentioned),
  }));
  if (vector === null || first.semantic === null) return { passages: graph.slice(0, limit).map(toPassage) };

  const similar = await findSimilarChunks(vector, {
    text: question,
    topK: wanted,
    scope: first.semantic,
  });
  const loaded =
    similar.length === 0
      ? []
      : await caller.tenant((trx) =>
          loadCurrentChunks(
            trx,
            similar.map((chunk) => chunk.chunkId),
            filters,
          ),
        );
  const text = first.text.map((match) => ({ ...match, reasons: [WORDS_REASON] }));
  const semantic = inSimilarOrder(similar, loaded).map((chunk) => ({ ...chunk, reasons: [MEANING_REASON] }));
  return { passages: fusePassageRankings(mode === "hybrid" ? [text, semantic, graph] : [text, semantic], limit) };
}
