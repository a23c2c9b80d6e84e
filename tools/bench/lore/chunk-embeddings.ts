import { isDeepStrictEqual } from "node:util";
import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { count } from "../vector/findings-table";
import type { BulkChunk } from "./bulk-documents";
import type { VectorClient } from "./lore-bench-stack";

const ITEMS_PER_UPSERT = 500;
const LANES = 2;
const PROGRESS_EVERY_MS = 5_000;
/** The entity type vector gives lore's chunk embeddings; its upsert procedure takes no dot, so rows are renamed after. */
const LORE_CHUNK = "lore.chunk";
const STAND_IN = "lore_chunk";

/**
 * Embeds bulk-written chunks as vector's lore consumer stores them: through vector.embeddings.upsert
 * with the organization's default model (the service embeds the text, as the consumer does), each
 * with the consumer's metadata (document, version 1, part, team access), then named entity
 * `lore.chunk` with the chunk's id. Many chunks per call instead of one event per document part.
 */
export async function embedChunksAsLore(
  vector: VectorClient,
  ownerDb: Kysely<Database>,
  organizationId: string,
  chunks: readonly BulkChunk[],
  progress: (text: string) => void,
): Promise<void> {
  const { items: models } = await vector.vector.models.list.query({});
  const model = models.find((candidate) => candidate.isDefault);
  if (!model) throw new Error("the organization has no default embedding model");
  let next = 0;
  let reported = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let from = next; from < chunks.length; from = next) {
        next += ITEMS_PER_UPSERT;
        await vector.vector.embeddings.upsert.mutate({
          modelId: model.id,
          items: chunks.slice(from, from + ITEMS_PER_UPSERT).map((chunk) => ({
            content: chunk.content,
            entityType: STAND_IN,
            entityId: chunk.chunkId,
            metadata: {
              documentId: chunk.documentId,
              version: 1,
              part: chunk.part,
              teamIds: [],
              restricted: false,
              teamIdsAsOf: chunk.teamIdsAsOf,
            },
          })),
        });
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          progress(
            `embedded ${count(Math.min(next, chunks.length))} of ${count(chunks.length)} chunks (${model.name})`,
          );
        }
      }
    }),
  );
  progress(
    `naming the ${count(chunks.length)} embeddings lore.chunk entities (each row rewritten, its index entries too)`,
  );
  await ownerDb
    .updateTable("vector.embeddings")
    .set({ entity_type: LORE_CHUNK })
    .where("organization_id", "=", organizationId)
    .where("entity_type", "=", STAND_IN)
    .execute();
}

/**
 * Fails unless an embedding written by `embedChunksAsLore` looks like one vector's lore consumer
 * wrote for a created document in the same organization: same model, entity type, dimensions and
 * metadata keys.
 */
export async function checkEmbeddingsAsConsumer(
  ownerDb: Kysely<Database>,
  organizationId: string,
  consumerChunkId: string,
  bulkChunkId: string,
): Promise<void> {
  const rows = await ownerDb
    .selectFrom("vector.embeddings")
    .select(["entity_id", "entity_type", "model_id", "dimensions", "metadata"])
    .where("organization_id", "=", organizationId)
    .where("entity_id", "in", [consumerChunkId, bulkChunkId])
    .execute();
  const shape = (chunkId: string) => {
    const row = rows.find((candidate) => candidate.entity_id === chunkId);
    if (!row) throw new Error(`chunk ${chunkId} has no embedding`);
    const metadata = row.metadata as Record<string, unknown>;
    return {
      type: row.entity_type,
      model: row.model_id,
      dimensions: row.dimensions,
      keys: Object.keys(metadata).sort(),
    };
  };
  const consumer = shape(consumerChunkId);
  const bulk = shape(bulkChunkId);
  if (!isDeepStrictEqual(consumer, bulk)) {
    throw new Error(
      `bulk chunk embeddings differ from the consumer's: ${JSON.stringify(bulk)} vs ${JSON.stringify(consumer)}`,
    );
  }
}
