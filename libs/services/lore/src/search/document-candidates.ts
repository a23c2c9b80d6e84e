import { fuseByReciprocalRank, type LoreSearchHit } from "@cauldron/contracts";
import type { CurrentChunk, EmbeddedChunk } from "./current-chunks";
import type { SimilarChunk } from "./similar-chunks";
import { highlightedSnippet, openingSnippet } from "./snippet-markup";
import type { TextMatch } from "./text-ranking";
import type { TitleMatch } from "./title-ranking";

/** One document as one ranking found it, with what its hit shows. */
export interface DocumentCandidate {
  documentId: string;
  title: string;
  version: number;
  chunkId: string | null;
  headingPath: string[];
  score: number;
  /** The excerpt as markup; null while the chunk's matches are still to be highlighted. */
  snippet: string | null;
}

/** The rankings lore.search fuses, in the order that breaks ties between equal fused scores. */
export type RankingName = "text" | "semantic" | "fuzzy";
export const RANKING_NAMES: readonly RankingName[] = ["text", "semantic", "fuzzy"];

/** A hit whose excerpt may still need highlighting (snippet null, chunkId set). */
export type PendingHit = Omit<LoreSearchHit, "snippet"> & { snippet: string | null };

export function fromTextMatch(match: TextMatch): DocumentCandidate {
  return {
    documentId: match.documentId,
    title: match.title,
    version: match.version,
    chunkId: match.chunkId,
    headingPath: match.headingPath,
    score: match.score,
    snippet: match.headline === null ? null : highlightedSnippet(match.headline),
  };
}

export function fromTitleMatch(match: TitleMatch): DocumentCandidate {
  return {
    documentId: match.documentId,
    title: match.title,
    version: match.version,
    chunkId: null,
    headingPath: [],
    score: match.score,
    snippet: openingSnippet(match.opening),
  };
}

export function fromSimilarChunk(chunk: CurrentChunk & { score: number }): DocumentCandidate {
  return {
    documentId: chunk.documentId,
    title: chunk.title,
    version: chunk.version,
    chunkId: chunk.chunkId,
    headingPath: chunk.headingPath,
    score: chunk.score,
    snippet: openingSnippet(chunk.content),
  };
}

/** The loaded chunks in the vector service's order, each with its similarity; chunks not loaded drop out. */
export function inSimilarOrder(
  similar: readonly SimilarChunk[],
  loaded: readonly EmbeddedChunk[],
): (CurrentChunk & { score: number })[] {
  // A hit names the chunk its embedding is stored under: the chunk itself, or the first of its lineage.
  const byEmbedding = new Map<string, CurrentChunk>();
  for (const { embeddedAs, ...chunk } of loaded) {
    byEmbedding.set(chunk.chunkId, chunk);
    if (embeddedAs) byEmbedding.set(embeddedAs, chunk);
  }
  const placed = new Set<string>();
  return similar.flatMap(({ chunkId, score }) => {
    const chunk = byEmbedding.get(chunkId);
    if (!chunk || placed.has(chunk.chunkId)) return [];
    placed.add(chunk.chunkId);
    return [{ ...chunk, score }];
  });
}

/** Each document's first entry, in order: the best chunk per document of a ranking of chunks. */
export function bestPerDocument<T extends { documentId: string }>(ranked: readonly T[]): T[] {
  const seen = new Set<string>();
  return ranked.filter((entry) => {
    if (seen.has(entry.documentId)) return false;
    seen.add(entry.documentId);
    return true;
  });
}

/** The first `limit` candidates of a single ranking as hits, scored by that ranking. */
export function hitsOfRanking(name: RankingName, ranking: readonly DocumentCandidate[], limit: number): PendingHit[] {
  return ranking.slice(0, limit).map((candidate, index) => ({ ...candidate, ranks: { [name]: index + 1 } }));
}

/**
 * The rankings fused by reciprocal rank over documents, best `limit` first. A hit shows the
 * document's passage from the text ranking (it has the matched words), else from the semantic
 * one, else its title match; it keeps its place in every ranking that found it.
 */
export function fuseDocumentRankings(
  rankings: Readonly<Record<RankingName, readonly DocumentCandidate[]>>,
  limit: number,
): PendingHit[] {
  const places = RANKING_NAMES.map(
    (name) => new Map(rankings[name].map((candidate, index) => [candidate.documentId, { candidate, rank: index + 1 }])),
  );
  const fused = fuseByReciprocalRank(
    RANKING_NAMES.map((name) => ({ ids: rankings[name].map((candidate) => candidate.documentId), weight: 1 })),
  );
  return fused.slice(0, limit).map(({ id, score }) => {
    const found = places.map((place) => place.get(id));
    const shown = found.find((entry) => entry !== undefined)!.candidate;
    const ranks: PendingHit["ranks"] = {};
    RANKING_NAMES.forEach((name, index) => {
      const rank = found[index]?.rank;
      if (rank !== undefined) ranks[name] = rank;
    });
    return { ...shown, score, ranks };
  });
}
