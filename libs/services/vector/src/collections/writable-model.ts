import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { loadDefaultModel, loadModel, type ModelRow } from "../models/model-queries";
import { MODEL_NOT_FOUND, modelRetired } from "../models/model-refusals";

/**
 * The model new embeddings go to: `modelId` if the organization may use it, else its default.
 * NOT_FOUND for a model it cannot see; PRECONDITION_FAILED for a retired one.
 */
export async function writableModel(
  trx: Transaction<Database>,
  organizationId: string,
  modelId: string | undefined,
): Promise<ModelRow> {
  const model = requireFound(
    modelId === undefined ? await loadDefaultModel(trx, organizationId) : await loadModel(trx, modelId),
    MODEL_NOT_FOUND,
  );
  if (model.retired_at !== null) throw modelRetired(model.name);
  return model;
}
