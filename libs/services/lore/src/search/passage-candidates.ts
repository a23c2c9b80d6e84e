import { fuseByReciprocalRank, type LorePassage } from "@cauldron/contracts";
import type { CurrentChunk } from "./current-chunks";
import type { MentionedEntity } from "./graph-ranking";

/** A passage as one ranking found it, with its score there and why it was found. */
export interface PassageCandidate extends CurrentChunk {
  score: number;
  reasons: string[];
}

export const WORDS_REASON = "matches words of the question";
export const MEANING_REASON = "close in meaning to the question";

function mentionReason(mention: MentionedEntity): string {
  return mention.relatedTo === null
    ? `mentions "${mention.entity}" (named in the question)`
    : `mentions "${mention.entity}" (related to "${mention.relatedTo}" by "${mention.by ?? "a relationship"}")`;
}

/** Why a passage was found through the graph: each entity it mentions, those named in the question first. */
export function mentionReasons(mentioned: readonly MentionedEntity[]): string[] {
  const named = mentioned.filter((mention) => mention.relatedTo === null);
  const related = mentioned.filter((mention) => mention.relatedTo !== null);
  return [...named, ...related].map(mentionReason);
}

/** A candidate as the passage the caller receives. */
export function toPassage(candidate: PassageCandidate): LorePassage {
  return {
    documentId: candidate.documentId,
    title: candidate.title,
    version: candidate.version,
    chunkId: candidate.chunkId,
    start: candidate.start,
    end: candidate.end,
    headingPath: candidate.headingPath,
    content: candidate.content,
    score: candidate.score,
    reasons: candidate.reasons,
  };
}

/** Rankings of passages fused by reciprocal rank over chunks, best `limit` first, each with every reason it was found for. */
export function fusePassageRankings(rankings: readonly (readonly PassageCandidate[])[], limit: number): LorePassage[] {
  const byChunk = new Map<string, PassageCandidate>();
  for (const ranking of rankings) {
    for (const candidate of ranking) {
      const known = byChunk.get(candidate.chunkId);
      if (!known) byChunk.set(candidate.chunkId, { ...candidate, reasons: [...candidate.reasons] });
      else known.reasons.push(...candidate.reasons.filter((reason) => !known.reasons.includes(reason)));
    }
  }
  const fused = fuseByReciprocalRank(
    rankings.map((ranking) => ({ ids: ranking.map((candidate) => candidate.chunkId), weight: 1 })),
  );
  return fused.slice(0, limit).map(({ id, score }) => toPassage({ ...byChunk.get(id)!, score }));
}
