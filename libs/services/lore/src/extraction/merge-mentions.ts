import { canonicalName } from "../graph/canonical-name";
import type { ExtractedMention } from "./extracted";

/** What entity a mention names: the known entity, else its type and canonical name. */
export function mentionIdentity(mention: ExtractedMention): string {
  return mention.entityId ?? `${mention.typeName}\u0000${canonicalName(mention.name)}`;
}

function overlaps(a: ExtractedMention, b: ExtractedMention): boolean {
  return a.start < b.end && b.start < a.end;
}

function sameSpan(a: ExtractedMention, b: ExtractedMention): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Whether `candidate` may stand beside `kept`: only two known entities sharing one phrase (a real ambiguity). */
function mayCoexist(candidate: ExtractedMention, kept: ExtractedMention): boolean {
  return (
    sameSpan(candidate, kept) &&
    candidate.entityId !== undefined &&
    kept.entityId !== undefined &&
    candidate.confidence === kept.confidence
  );
}

/**
 * Combines the mentions several extractors found in one text. Where mentions overlap, a known
 * entity's (the gazetteer's) wins, then the more confident, then the longer, then the earlier
 * found; the same entity at the same span is kept once. Known entities sharing one exact phrase
 * are all kept. The result is ordered by start, then end, then the order the mentions came in.
 */
export function mergeMentions(...found: readonly (readonly ExtractedMention[])[]): ExtractedMention[] {
  const candidates = found.flat().map((mention, order) => ({ mention, order }));
  const byStrength = [...candidates].sort(
    (a, b) =>
      Number(b.mention.entityId !== undefined) - Number(a.mention.entityId !== undefined) ||
      b.mention.confidence - a.mention.confidence ||
      b.mention.end - b.mention.start - (a.mention.end - a.mention.start) ||
      a.mention.start - b.mention.start ||
      a.order - b.order,
  );
  const kept: { mention: ExtractedMention; order: number }[] = [];
  const keptKeys = new Set<string>();
  for (const candidate of byStrength) {
    const key = `${candidate.mention.start}:${candidate.mention.end}:${mentionIdentity(candidate.mention)}`;
    if (keptKeys.has(key)) continue;
    const blocked = kept.some(
      ({ mention }) => overlaps(candidate.mention, mention) && !mayCoexist(candidate.mention, mention),
    );
    if (blocked) continue;
    kept.push(candidate);
    keptKeys.add(key);
  }
  return kept
    .sort((a, b) => a.mention.start - b.mention.start || a.mention.end - b.mention.end || a.order - b.order)
    .map(({ mention }) => mention);
}
