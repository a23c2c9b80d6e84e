import type { Database } from "@cauldron/db";
import type { SystemTransactionRunner } from "@cauldron/events";
import { sql, type Transaction } from "kysely";
import { extractChunks } from "./extract-chunks";
import type { EntityExtractor } from "./extracted";
import { currentVersionOf, planExtraction, type ChunksChangedPart } from "./extraction-plan";
import {
  copyChunkMentions,
  deleteOrphanedExtractedEntities,
  deleteStaleMentions,
  recountDocumentEntities,
  type MentionScope,
} from "./mention-upkeep";
import { recordExtractions } from "./record-extraction";

/** How handling a part ended. */
export type PartOutcome = "recorded" | "outdated";

/** Serializes the recording of one document's parts (they may be handled by several replicas at once). */
async function lockDocumentExtraction(trx: Transaction<Database>, documentId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`lore.extraction:${documentId}`}, 0))`.execute(trx);
}

/**
 * Handles one part of a version's chunks: plans in a short transaction, extracts with none open
 * (extractors may call a remote model), then records in one more: kept chunks take their older
 * twin's mentions, new chunks get what the extractors found, mentions outside the current version
 * go, the document's entity associations are recounted and extracted entities nothing refers to
 * any more are deleted. A part of a version the document has moved past changes nothing.
 */
export async function handleChunksChanged(
  part: ChunksChangedPart,
  inTransaction: SystemTransactionRunner,
  extractors: readonly EntityExtractor[],
  signal?: AbortSignal,
): Promise<PartOutcome> {
  const plan = await inTransaction((trx) => planExtraction(trx, part));
  if (!plan) return "outdated";
  const extracted = await extractChunks(plan.extract, extractors, signal);
  const scope: MentionScope = { organizationId: part.organizationId, documentId: part.documentId };
  return inTransaction(async (trx) => {
    await lockDocumentExtraction(trx, part.documentId);
    if ((await currentVersionOf(trx, part.organizationId, part.documentId)) !== part.version) return "outdated";
    const { received, replaced } = await copyChunkMentions(trx, scope, plan.copies);
    if (plan.copies.some((copy) => !received.get(copy.toChunkId))) {
      // Another handling of this document removed them since the plan; planning again extracts instead.
      throw new Error("the mentions a kept chunk was to take are gone; the part is handled again");
    }
    const touched = [
      ...replaced,
      ...(await recordExtractions(trx, scope, extracted)),
      ...(await deleteStaleMentions(trx, scope, part.version)),
      ...(await recountDocumentEntities(trx, scope)),
    ];
    await deleteOrphanedExtractedEntities(trx, part.organizationId, touched);
    return "recorded";
  });
}
