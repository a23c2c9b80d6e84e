import { createHash, randomUUID } from "node:crypto";
import type { VectorDistance } from "@cauldron/contracts";
import { toVectorLiteral, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";

/*
 * Rows for search tests, written straight to the database as the system role: tests arrange
 * thousands of rows, and a model's HNSW index is built once after them instead of grown row by row.
 */

/** A row to store: its text, its vector, and what a search can filter it by. */
export interface SeedRow {
  content: string;
  vector: readonly number[];
  metadata?: Record<string, unknown>;
  entityType?: string;
  entityId?: string;
}

/** A model rows are stored under. */
export interface SeedModel {
  id: string;
  name: string;
  dimensions: number;
}

const BATCH = 1_000;

/** Stores `rows` for the organization under `model` and returns their ids in order. */
export async function seedEmbeddings(
  db: Kysely<Database>,
  organizationId: string,
  model: SeedModel,
  rows: readonly SeedRow[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const inserted = await db
      .insertInto("vector.embeddings")
      .values(
        rows.slice(start, start + BATCH).map((row) => ({
          organization_id: organizationId,
          model_id: model.id,
          model: model.name,
          content: row.content,
          embedding: toVectorLiteral(row.vector),
          dimensions: model.dimensions,
          metadata: JSON.stringify(row.metadata ?? {}),
          entity_type: row.entityType ?? null,
          entity_id: row.entityId ?? null,
        })),
      )
      .returning("id")
      .execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

/**
 * A model of `organizationId`, or a built-in one every organization shares when it is null,
 * whose vectors come with the data. Its index is not built until `buildModelIndex`.
 */
export async function seedModel(
  db: Kysely<Database>,
  options: { organizationId: string | null; name: string; dimensions: number; distance: VectorDistance },
): Promise<SeedModel> {
  const row = await db
    .insertInto("vector.embedding_models")
    .values({
      organization_id: options.organizationId,
      name: options.name,
      provider: "precomputed",
      dimensions: options.dimensions,
      distance: options.distance,
    })
    .returning(["id", "name", "dimensions"])
    .executeTakeFirstOrThrow();
  return row;
}

/** Builds the model's HNSW index over the rows stored so far and marks it ready for searches. */
export async function buildModelIndex(db: Kysely<Database>, modelId: string): Promise<void> {
  const built = await sql<{ name: string }>`select vector.build_model_index(${modelId}) as name`.execute(db);
  await db
    .updateTable("vector.embedding_models")
    .set({ index_state: "ready", index_name: built.rows[0]?.name ?? null, index_built_at: new Date() })
    .where("id", "=", modelId)
    .execute();
}

/** A collection of the organization holding `embeddingIds`; returns its id. */
export async function seedCollection(
  db: Kysely<Database>,
  organizationId: string,
  modelId: string,
  embeddingIds: readonly string[],
): Promise<string> {
  const collection = await db
    .insertInto("vector.collections")
    .values({ organization_id: organizationId, model_id: modelId, name: `collection ${randomUUID()}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (embeddingIds.length > 0) {
    await db
      .insertInto("vector.collection_items")
      .values(
        embeddingIds.map((embeddingId) => ({
          organization_id: organizationId,
          collection_id: collection.id,
          embedding_id: embeddingId,
        })),
      )
      .execute();
  }
  return collection.id;
}

/** Numbers in [0, 1) from a seed, the same on every run: SHA-256 of the seed and a counter, eight per digest. */
export function seededRandom(seed: string): () => number {
  let counter = 0;
  let pending: number[] = [];
  return () => {
    if (pending.length === 0) {
      const digest = createHash("sha256").update(`${seed}:${counter++}`).digest();
      pending = Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4) / 4_294_967_296);
    }
    return pending.pop()!;
  };
}
