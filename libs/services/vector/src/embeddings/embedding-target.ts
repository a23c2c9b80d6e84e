import type { Collection } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { loadCollection } from "../collections/collection-queries";
import { COLLECTION_NOT_FOUND, collectionModelMismatch } from "../collections/collection-refusals";
import { writableModel } from "../collections/writable-model";
import type { ModelRow } from "../models/model-queries";

/** Where an upsert writes: a model, and the collection that names it when the call named a collection. */
export interface EmbeddingTarget {
  model: ModelRow;
  collection: Collection | null;
}

/**
 * The model (and collection) an upsert names; NOT_FOUND for either unknown, PRECONDITION_FAILED for a
 * retired model, BAD_REQUEST when both are named and the collection uses another model.
 */
export async function resolveEmbeddingTarget(
  trx: Transaction<Database>,
  organizationId: string,
  target: { modelId?: string; collectionId?: string },
): Promise<EmbeddingTarget> {
  if (target.collectionId === undefined) {
    return { model: await writableModel(trx, organizationId, target.modelId), collection: null };
  }
  const collection = requireFound(await loadCollection(trx, organizationId, target.collectionId), COLLECTION_NOT_FOUND);
  if (target.modelId !== undefined) {
    // The named model must exist for this organization before the two are compared.
    const named = await writableModel(trx, organizationId, target.modelId);
    if (named.id !== collection.modelId) throw collectionModelMismatch(collection.modelId);
  }
  return { model: await writableModel(trx, organizationId, collection.modelId), collection };
}
