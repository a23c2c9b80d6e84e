import type { EmbeddingModel } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { forgetDefaultModel } from "./default-model-setting";
import { loadModel, retireModel } from "./model-queries";
import { builtinModelNotRetirable, MODEL_NOT_FOUND } from "./model-refusals";
import { describeModel } from "./model-view";
import type { ModelsCaller } from "./models-caller";

/**
 * vector.models.retire: the organization's model takes no new embeddings and stops being the
 * default; what it embedded stays searchable. Retiring a retired model changes nothing.
 */
export async function retireOrganizationModel(
  trx: Transaction<Database>,
  caller: ModelsCaller,
  modelId: string,
): Promise<EmbeddingModel> {
  const { organizationId, actorUserId } = caller;
  const model = requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND);
  if (model.organization_id === null) throw builtinModelNotRetirable(model.name);
  if (await retireModel(trx, organizationId, model.id)) {
    const wasDefault = await forgetDefaultModel(trx, organizationId, model.id);
    await caller.record(trx, {
      action: "embedding_model.retired",
      target: { type: "embedding_model", id: model.id },
      metadata: { name: model.name, wasDefault },
      events: [
        {
          name: "embedding_model.retired",
          payload: { organizationId, modelId: model.id, retiredByUserId: actorUserId },
        },
      ],
    });
  }
  return describeModel(trx, organizationId, requireFound(await loadModel(trx, model.id), MODEL_NOT_FOUND));
}
