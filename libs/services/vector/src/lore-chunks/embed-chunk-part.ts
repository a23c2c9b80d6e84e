import type { Database } from "@cauldron/db";
import type { SystemTransactionRunner } from "@cauldron/events";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import { writeEmbeddings } from "../embeddings/embedding-writes";
import { embedTexts } from "../embeddings/server-embedding";
import { loadDefaultModel, type ModelRow } from "../models/model-queries";
import type { VectorRuntime } from "../vector-runtime";
import { isVersionComplete, LORE_CHUNK_ENTITY_TYPE, loreChunkMetadata } from "./chunk-access";
import { answerChunkPart, type ChunkPart, type PartOutcome } from "./chunk-part-answer";
import { planKeeps, type KeepPlan, type KeptChunk } from "./keep-plan";
import {
  deleteChunkEmbeddings,
  deleteOlderVersions,
  lockDocumentChunks,
  moveChunkEmbeddings,
  newerStoredAccess,
  newestStoredVersion,
  storedChunks,
  storedParts,
} from "./lore-chunk-queries";

/** What handling a part needs besides the part: the provider runtime and a logger. */
export interface ChunkPartServices {
  runtime: VectorRuntime;
  logger: Logger;
}

/** Before any provider call: the part is stale, cannot succeed, or needs these texts embedded with this model. */
type Preparation =
  | { kind: "stale" }
  | { kind: "failed"; error: string }
  | { kind: "embed"; model: ModelRow; texts: Map<string, string> };

function missingKeepsError(missing: readonly string[]): string {
  return `${missing.length} kept chunk(s) have no embedding from the previous version to reuse; index the document again sending their text to embed`;
}

// Chunks with new text, and kept chunks whose only embedding is another model's, by chunk id.
function textsToEmbed(part: ChunkPart, plan: KeepPlan): Map<string, string> {
  const texts = new Map(part.embed.map((chunk) => [chunk.chunkId, chunk.content]));
  for (const chunk of plan.reembeds) texts.set(chunk.chunkId, chunk.content);
  return texts;
}

async function isStale(trx: Transaction<Database>, part: ChunkPart): Promise<boolean> {
  const newest = await newestStoredVersion(trx, part.organizationId, part.documentId);
  return newest !== null && newest > part.version;
}

/**
 * Whether lore sent the part with chunk lineage (a `drop` list): kept embeddings then stay under
 * the chunk their text was first embedded for, and gone ones are named. Parts sent before move
 * each kept embedding to its new chunk and clear older versions once the version is complete.
 */
function hasLineage(part: ChunkPart): part is ChunkPart & { drop: string[] } {
  return part.drop !== undefined;
}

function keptChunks(part: ChunkPart): KeptChunk[] {
  return part.keep.map(({ fromChunkId, toChunkId, embeddedAs }) => ({
    fromChunkId,
    toChunkId,
    target: hasLineage(part) ? (embeddedAs ?? toChunkId) : toChunkId,
  }));
}

async function keepPlan(trx: Transaction<Database>, part: ChunkPart, modelId: string): Promise<KeepPlan> {
  const kept = keptChunks(part);
  const chunkIds = [...new Set(kept.flatMap((chunk) => [chunk.target, chunk.fromChunkId, chunk.toChunkId]))];
  const stored = await storedChunks(trx, part.organizationId, part.documentId, chunkIds);
  return planKeeps(kept, stored, modelId, !hasLineage(part));
}

async function preparePart(trx: Transaction<Database>, part: ChunkPart): Promise<Preparation> {
  if (await isStale(trx, part)) return { kind: "stale" };
  const model = await loadDefaultModel(trx, part.organizationId);
  if (!model) return { kind: "failed", error: "The organization has no embedding model to embed with" };
  const plan = await keepPlan(trx, part, model.id);
  if (plan.missing.length > 0) return { kind: "failed", error: missingKeepsError(plan.missing) };
  return { kind: "embed", model, texts: textsToEmbed(part, plan) };
}

/**
 * Writes the part in one transaction, the document locked against its other parts: stores the new
 * embeddings and moves kept ones not yet where they belong. With lineage it deletes the embeddings
 * the part drops; without, once every part of the version is in, the document's older versions
 * (never sooner: a later part may still move one of their embeddings). Team access is the part's
 * unless a newer one is stored already.
 */
async function writePart(
  trx: Transaction<Database>,
  part: ChunkPart,
  model: ModelRow,
  vectors: ReadonlyMap<string, number[]>,
): Promise<PartOutcome | "stale"> {
  const { organizationId, documentId, version } = part;
  await lockDocumentChunks(trx, documentId);
  if (await isStale(trx, part)) return "stale";
  const plan = await keepPlan(trx, part, model.id);
  if (plan.missing.length > 0) return { outcome: "failed", error: missingKeepsError(plan.missing) };
  const texts = textsToEmbed(part, plan);
  if ([...texts.keys()].some((chunkId) => !vectors.has(chunkId))) {
    // Stored embeddings changed between planning and writing; the event is retried and planned afresh.
    throw new Error("the document's chunk embeddings changed while the part was being embedded");
  }

  const access = (await newerStoredAccess(trx, organizationId, documentId, part.teamIdsAsOf)) ?? part;
  const metadata = loreChunkMetadata(part, access);
  await moveChunkEmbeddings(trx, organizationId, plan.moves, metadata);
  if (texts.size > 0) {
    const rows = [...texts].map(([chunkId, content]) => ({
      content,
      vector: vectors.get(chunkId)!,
      metadata,
      entityType: LORE_CHUNK_ENTITY_TYPE,
      entityId: chunkId,
    }));
    await writeEmbeddings(trx, organizationId, model, rows);
  }
  if (hasLineage(part)) {
    const kept = new Set(keptChunks(part).map((chunk) => chunk.target));
    await deleteChunkEmbeddings(
      trx,
      organizationId,
      documentId,
      part.drop.filter((chunkId) => !kept.has(chunkId)),
    );
  } else if (isVersionComplete(await storedParts(trx, organizationId, documentId, version), part.part, part.parts)) {
    await deleteOlderVersions(trx, organizationId, documentId, version);
  }
  return { outcome: "indexed", embedded: texts.size, reused: plan.inPlace + plan.moves.length };
}

/**
 * Handles one `chunks.changed` part: plans in a short transaction, embeds with the organization's
 * default model with no transaction open, writes and answers `document_chunks.embedded` in one
 * more. A part older than what is stored is dropped unanswered. A provider or quota refusal
 * answers "failed" with its message (written for users; never a key or an endpoint's reply);
 * anything else throws, so the event is retried.
 */
export async function embedChunkPart(
  services: ChunkPartServices,
  part: ChunkPart,
  inTransaction: SystemTransactionRunner,
): Promise<void> {
  const context = { documentId: part.documentId, version: part.version, part: part.part, parts: part.parts };
  const prepared = await inTransaction((trx) => preparePart(trx, part));
  const outcome =
    prepared.kind === "embed"
      ? await embedAndWrite(services.runtime, part, prepared, inTransaction)
      : prepared.kind === "failed"
        ? await answerFailure(part, prepared.error, inTransaction)
        : "stale";
  logOutcome(services.logger, context, outcome);
}

async function answerFailure(
  part: ChunkPart,
  error: string,
  inTransaction: SystemTransactionRunner,
): Promise<PartOutcome> {
  const failed: PartOutcome = { outcome: "failed", error };
  await inTransaction((trx) => answerChunkPart(trx, part, failed));
  return failed;
}

async function embedAndWrite(
  runtime: VectorRuntime,
  part: ChunkPart,
  prepared: { model: ModelRow; texts: Map<string, string> },
  inTransaction: SystemTransactionRunner,
): Promise<PartOutcome | "stale"> {
  let vectors: Map<string, number[]>;
  try {
    vectors = await embedChunkTexts(runtime, prepared.model, part.organizationId, prepared.texts);
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return answerFailure(part, error.message, inTransaction);
  }
  return inTransaction(async (trx) => {
    const outcome = await writePart(trx, part, prepared.model, vectors);
    if (outcome !== "stale") await answerChunkPart(trx, part, outcome);
    return outcome;
  });
}

async function embedChunkTexts(
  runtime: VectorRuntime,
  model: ModelRow,
  organizationId: string,
  texts: ReadonlyMap<string, string>,
): Promise<Map<string, number[]>> {
  if (texts.size === 0) return new Map();
  const chunkIds = [...texts.keys()];
  const vectors = await embedTexts(runtime, model, organizationId, [...texts.values()], undefined);
  return new Map(chunkIds.map((chunkId, index) => [chunkId, vectors[index]!]));
}

function logOutcome(logger: Logger, context: Record<string, unknown>, outcome: PartOutcome | "stale"): void {
  if (outcome === "stale") logger.info(context, "chunk part older than the stored version; dropped");
  else if (outcome.outcome === "failed")
    logger.warn({ ...context, error: outcome.error }, "chunk part failed to embed");
  else logger.info({ ...context, embedded: outcome.embedded, reused: outcome.reused }, "chunk part embedded");
}
