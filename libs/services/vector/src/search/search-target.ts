import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { COLLECTION_NOT_FOUND, collectionModelMismatch } from "../collections/collection-refusals";
import { loadDefaultModel, loadModel, type ModelRow } from "../models/model-queries";
import { MODEL_NOT_FOUND } from "../models/model-refusals";

/** The model a search compares with, and the collection it is confined to, if any. */
export interface SearchTarget {
  model: ModelRow;
  collectionId: string | undefined;
}

/** The model of one of the organization's collections, without counting its items as loadCollection does. */
async function loadCollectionModelId(
  trx: Transaction<Database>,
  organizationId: string,
  collectionId: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom("vector.collections")
    .select("model_id")
    .where("organization_id", "=", organizationId)
    .where("id", "=", collectionId)
    .executeTakeFirst();
  return row?.model_id;
}

/**
 * What a search names: the model given, else the collection's model, else the organization's
 * default (naming both, the collection must use that model). Another organization's model or
 * collection is NOT_FOUND, as if it did not exist.
 * Retired models stay searchable: their stored embeddings are still there.
 */
export async function resolveSearchTarget(
  trx: Transaction<Database>,
  organizationId: string,
  input: { modelId?: string; collectionId?: string },
): Promise<SearchTarget> {
  if (input.collectionId !== undefined) {
    const modelId = requireFound(
      await loadCollectionModelId(trx, organizationId, input.collectionId),
      COLLECTION_NOT_FOUND,
    );
    if (input.modelId !== undefined) {
      // The named model must exist for this organization before the two are compared.
      requireFound(await loadModel(trx, input.modelId), MODEL_NOT_FOUND);
      if (input.modelId !== modelId) throw collectionModelMismatch(modelId);
    }
    return { model: requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND), collectionId: input.collectionId };
  }
  const model =
    input.modelId !== undefined ? await loadModel(trx, input.modelId) : await loadDefaultModel(trx, organizationId);
  return { model: requireFound(model, MODEL_NOT_FOUND), collectionId: undefined };
}
