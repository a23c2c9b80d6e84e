import type { EmbeddingModel } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { chooseDefaultModel } from "./default-model-setting";
import { loadDefaultModel, loadModel } from "./model-queries";
import { MODEL_NOT_FOUND, retiredModelNotDefault } from "./model-refusals";
import { describeModel } from "./model-view";
import type { ModelsCaller } from "./models-caller";

/** vector.models.setDefault: the organization embeds with this built-in or own model when a call names none. */
export async function setDefaultModel(
  trx: Transaction<Database>,
  caller: ModelsCaller,
  modelId: string,
): Promise<EmbeddingModel> {
  const { organizationId, actorUserId } = caller;
  const model = requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND);
  if (model.retired_at !== null) throw retiredModelNotDefault(model.name);
  const previous = await loadDefaultModel(trx, organizationId);
  if (previous?.id !== model.id) {
    await chooseDefaultModel(trx, { organizationId, modelId: model.id, actorUserId });
    await caller.record(trx, {
      action: "embedding_model.default_changed",
      target: { type: "embedding_model", id: model.id },
      metadata: { name: model.name, previousModelId: previous?.id ?? null },
    });
  }
  return describeModel(trx, organizationId, model);
}
