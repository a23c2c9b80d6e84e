import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { canonicalName } from "../graph/canonical-name";
import type { ExtractedChunk } from "./extract-chunks";
import { MAX_ENTITY_NAME_LENGTH, type ExtractedMention, type ExtractedRelation } from "./extracted";
import {
  ensureEntities,
  ensureEntityTypes,
  ensureRelationshipTypes,
  entityKey,
  insertMentions,
  upsertRelationships,
  type MentionRow,
  type RelationshipRow,
} from "./extracted-graph-writes";
import { gazetteerMentions } from "./gazetteer";
import { graphTypeName } from "./graph-type-name";
import { deleteChunkMentions } from "./mention-upkeep";
import { mergeMentions } from "./merge-mentions";

/** The document extracted chunks belong to. */
export interface ExtractionTarget {
  organizationId: string;
  documentId: string;
}

interface ChunkFindings {
  chunk: ExtractedChunk;
  mentions: ExtractedMention[];
  relations: ExtractedRelation[];
}

/** An extractor's mention as stored: exact, bounded, its type named the stored way; else undefined. */
function acceptedMention(content: string, mention: ExtractedMention): ExtractedMention | undefined {
  const { start, end } = mention;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > content.length) {
    return undefined;
  }
  const typeName = graphTypeName(mention.typeName);
  const name = mention.name.trim();
  if (!typeName || content.slice(start, end) !== mention.text || name.length > MAX_ENTITY_NAME_LENGTH) return undefined;
  if (canonicalName(name) === "" || name.includes("\u0000")) return undefined;
  const confidence = Number.isFinite(mention.confidence) ? Math.min(1, Math.max(0, mention.confidence)) : 0;
  return { ...mention, typeName, name, confidence };
}

function acceptedRelation(relation: ExtractedRelation): ExtractedRelation | undefined {
  const typeName = graphTypeName(relation.typeName);
  const sourceType = graphTypeName(relation.sourceType);
  const targetType = graphTypeName(relation.targetType);
  if (!typeName || !sourceType || !targetType) return undefined;
  const confidence = Number.isFinite(relation.confidence) ? Math.min(1, Math.max(0, relation.confidence)) : 0;
  return { ...relation, typeName, sourceType, targetType, confidence };
}

function nameIdentity(typeName: string, name: string): string {
  return `${typeName}\u0000${canonicalName(name)}`;
}

async function findingsOf(
  trx: Transaction<Database>,
  organizationId: string,
  chunk: ExtractedChunk,
): Promise<ChunkFindings> {
  const known = await gazetteerMentions(trx, organizationId, chunk.content);
  const extracted = chunk.extraction.mentions.flatMap((mention) => acceptedMention(chunk.content, mention) ?? []);
  const relations = chunk.extraction.relations.flatMap((relation) => acceptedRelation(relation) ?? []);
  return { chunk, mentions: mergeMentions(known, extracted), relations };
}

/** Creates what the mentions name (types and extracted entities) and answers each mention's entity id. */
async function entityIdsOf(
  trx: Transaction<Database>,
  organizationId: string,
  findings: readonly ChunkFindings[],
): Promise<(mention: ExtractedMention) => string | undefined> {
  const guessed = findings.flatMap(({ mentions }) => mentions.filter((mention) => mention.entityId === undefined));
  const typeIds = await ensureEntityTypes(
    trx,
    organizationId,
    guessed.map((mention) => mention.typeName),
  );
  const entityIds = await ensureEntities(
    trx,
    organizationId,
    guessed.flatMap((mention) => {
      const typeId = typeIds.get(mention.typeName);
      return typeId ? [{ typeId, name: mention.name, canonicalName: canonicalName(mention.name) }] : [];
    }),
  );
  return (mention) => {
    if (mention.entityId) return mention.entityId;
    const typeId = typeIds.get(mention.typeName);
    return typeId ? entityIds.get(entityKey(typeId, canonicalName(mention.name))) : undefined;
  };
}

/**
 * Records what extractors found in chunks of one document, in the given system transaction (RLS
 * bypassed: every statement names the organization). Per chunk, its earlier mentions are replaced
 * (so recording twice is harmless): the organization's known entities found by the gazetteer win
 * over overlapping extracted mentions, new entities are created as extracted, and mentions are
 * stored at document offsets (chunk start + offset in the chunk). Relationships are recorded only
 * between entities mentioned in the same chunk, which becomes their evidence. Answers the entities
 * whose earlier mentions were removed, for the orphan check.
 */
export async function recordExtractions(
  trx: Transaction<Database>,
  { organizationId, documentId }: ExtractionTarget,
  chunks: readonly ExtractedChunk[],
): Promise<string[]> {
  if (chunks.length === 0) return [];
  const replaced = await deleteChunkMentions(
    trx,
    { organizationId, documentId },
    chunks.map((chunk) => chunk.chunkId),
  );
  const findings: ChunkFindings[] = [];
  for (const chunk of chunks) findings.push(await findingsOf(trx, organizationId, chunk));
  const entityIdOf = await entityIdsOf(trx, organizationId, findings);

  const mentions: MentionRow[] = [];
  const relationsToWrite: { relation: ExtractedRelation; sourceId: string; targetId: string; chunkId: string }[] = [];
  for (const { chunk, mentions: found, relations } of findings) {
    const mentioned = new Map<string, string>();
    for (const mention of found) {
      const entityId = entityIdOf(mention);
      if (!entityId) continue;
      mentioned.set(nameIdentity(graphTypeName(mention.typeName) ?? mention.typeName, mention.name), entityId);
      mentions.push({
        entityId,
        chunkId: chunk.chunkId,
        start: chunk.start + mention.start,
        end: chunk.start + mention.end,
        text: mention.text,
        confidence: mention.confidence,
      });
    }
    for (const relation of relations) {
      const sourceId = mentioned.get(nameIdentity(relation.sourceType, relation.sourceName));
      const targetId = mentioned.get(nameIdentity(relation.targetType, relation.targetName));
      if (sourceId && targetId && sourceId !== targetId) {
        relationsToWrite.push({ relation, sourceId, targetId, chunkId: chunk.chunkId });
      }
    }
  }
  await insertMentions(trx, organizationId, documentId, mentions);

  const relationTypeIds = await ensureRelationshipTypes(
    trx,
    organizationId,
    relationsToWrite.map(({ relation }) => relation.typeName),
  );
  const relationships: RelationshipRow[] = relationsToWrite.flatMap(({ relation, sourceId, targetId, chunkId }) => {
    const typeId = relationTypeIds.get(relation.typeName);
    return typeId
      ? [
          {
            sourceEntityId: sourceId,
            targetEntityId: targetId,
            typeId,
            confidence: relation.confidence,
            evidenceChunkId: chunkId,
          },
        ]
      : [];
  });
  await upsertRelationships(trx, organizationId, relationships);
  return replaced;
}
