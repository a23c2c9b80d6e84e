import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { COLLECTION_NOT_FOUND, collectionModelMismatch } from "../collections/collection-refusals";
import { loadDefaultModel, loadModel, type ModelRow } from "../models/model-queries";
import { MODEL_NOT_FOUND } from "../models/model-refusals";
import type { ReadyModelCache } from "./ready-model-cache";

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

/** A model named by id, from `readyModels` when it holds it, else looked up (and remembered when ready). */
async function namedModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string,
  readyModels: ReadyModelCache,
): Promise<ModelRow> {
  const known = readyModels.recall(organizationId, modelId);
  if (known) return known;
  const model = requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND);
  readyModels.remember(organizationId, model);
  return model;
}

/**
 * What a search names: the model given, else the collection's model, else the organization's
 * default (naming both, the collection must use that model). Another organization's model or
 * collection is NOT_FOUND, as if it did not exist. Collections and the default can change at
 * any time, so only models named by id come from `readyModels`.
 * Retired models stay searchable: their stored embeddings are still there.
 */
export async function resolveSearchTarget(
  trx: Transaction<Database>,
  organizationId: string,
  input: { modelId?: string; collectionId?: string },
  readyModels: ReadyModelCache,
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
    input.modelId !== undefined
      ? await namedModel(trx, organizationId, input.modelId, readyModels)
      : requireFound(await loadDefaultModel(trx, organizationId), MODEL_NOT_FOUND);
  return { model, collectionId: undefined };
}
