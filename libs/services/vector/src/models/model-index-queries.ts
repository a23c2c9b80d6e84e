import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** A model whose index the job has to build. */
export interface ModelAwaitingIndex {
  id: string;
  name: string;
  dimensions: number;
}

/**
 * Models whose index is not built: pending ones, and building ones, whose builder may have died
 * (the build itself tells a live build from a dead one by its lock). Oldest first. Runs as the
 * system role: every organization's models.
 */
export async function modelsAwaitingIndex(trx: Transaction<Database>): Promise<ModelAwaitingIndex[]> {
  return trx
    .selectFrom("vector.embedding_models")
    .select(["id", "name", "dimensions"])
    .where("index_state", "in", ["pending", "building"])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Marks the model's index building; false when another run finished or failed it meanwhile. */
export async function markIndexBuilding(trx: Transaction<Database>, modelId: string): Promise<boolean> {
  const row = await trx
    .updateTable("vector.embedding_models")
    .set({ index_state: "building", index_error: null })
    .where("id", "=", modelId)
    .where("index_state", "in", ["pending", "building"])
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** The model's index state now, or undefined when the model is gone. */
export async function indexStateOf(trx: Transaction<Database>, modelId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom("vector.embedding_models")
    .select("index_state")
    .where("id", "=", modelId)
    .executeTakeFirst();
  return row?.index_state;
}

/** Records the built index on the model. */
export async function markIndexReady(trx: Transaction<Database>, modelId: string, indexName: string): Promise<void> {
  await trx
    .updateTable("vector.embedding_models")
    .set({ index_state: "ready", index_name: indexName, index_built_at: sql<Date>`now()`, index_error: null })
    .where("id", "=", modelId)
    .execute();
}

/** Records why the build failed, unless another run has moved the model on. */
export async function markIndexFailed(trx: Transaction<Database>, modelId: string, error: string): Promise<void> {
  await trx
    .updateTable("vector.embedding_models")
    .set({ index_state: "failed", index_error: error })
    .where("id", "=", modelId)
    .where("index_state", "=", "building")
    .execute();
}
