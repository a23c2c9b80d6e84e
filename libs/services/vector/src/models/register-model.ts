import type { EmbeddingModel, registerModelInputSchema } from "@cauldron/contracts";
import { invalidFields, requireFound, type InvalidField } from "@cauldron/rpc";
import type { z } from "zod";
import { checkEndpointAllowed, checkModelDimensions, embeddingProviderConfigSchema } from "../providers";
import { chooseDefaultModel } from "./default-model-setting";
import { insertModel, isModelNameInUse, isModelNameTaken, loadModel } from "./model-queries";
import { MODEL_NOT_FOUND, modelNameTaken } from "./model-refusals";
import { describeModel } from "./model-view";
import type { TenantModelsCaller } from "./models-caller";

type RegisterModelInput = z.output<typeof registerModelInputSchema>;

/** The provider's configuration with its defaults filled in, or BAD_REQUEST naming each field to fix. */
function checkedConfiguration(
  input: RegisterModelInput,
  privateHostsAllowed: readonly string[],
): Record<string, unknown> {
  const issues: InvalidField[] = [];
  const dimensionsProblem = checkModelDimensions(input.provider, input.dimensions);
  if (dimensionsProblem) issues.push({ path: ["dimensions"], message: dimensionsProblem });
  const parsed = embeddingProviderConfigSchema(input.provider).safeParse(input.configuration);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({
        path: ["configuration", ...issue.path.map((part) => (typeof part === "symbol" ? String(part) : part))],
        message: issue.message,
      });
    }
  }
  if (parsed.success && input.provider === "openai-compatible") {
    const endpointProblem = checkEndpointAllowed(String(parsed.data.baseUrl), privateHostsAllowed);
    if (endpointProblem) issues.push({ path: ["configuration", "baseUrl"], message: endpointProblem });
  }
  if (!parsed.success || issues.length > 0) throw invalidFields(issues);
  return parsed.data;
}

/**
 * vector.models.register: stores the organization's model with its index pending (the index job
 * builds it), optionally as the default, and records embedding_model.registered.
 */
export async function registerModel(
  caller: TenantModelsCaller,
  input: RegisterModelInput,
  privateHostsAllowed: readonly string[],
): Promise<EmbeddingModel> {
  const configuration = checkedConfiguration(input, privateHostsAllowed);
  const { organizationId, actorUserId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      if (await isModelNameInUse(trx, organizationId, input.name)) throw modelNameTaken(input.name);
      const modelId = await insertModel(trx, {
        organizationId,
        name: input.name,
        provider: input.provider,
        dimensions: input.dimensions,
        distance: input.distance,
        version: input.version ?? null,
        description: input.description ?? null,
        configuration,
        indexM: input.index.m,
        indexEfConstruction: input.index.efConstruction,
      });
      if (input.setDefault) await chooseDefaultModel(trx, { organizationId, modelId, actorUserId });
      await caller.record(trx, {
        action: "embedding_model.registered",
        target: { type: "embedding_model", id: modelId },
        metadata: {
          name: input.name,
          provider: input.provider,
          dimensions: input.dimensions,
          distance: input.distance,
          index: input.index,
          setDefault: input.setDefault,
        },
        events: [
          {
            name: "embedding_model.registered",
            payload: {
              organizationId,
              modelId,
              name: input.name,
              provider: input.provider,
              dimensions: input.dimensions,
              registeredByUserId: actorUserId,
            },
          },
        ],
      });
      return describeModel(trx, organizationId, requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND));
    });
  } catch (error) {
    // Two registrations of one name racing: the loser meets the unique key at insert.
    if (isModelNameTaken(error)) throw modelNameTaken(input.name);
    throw error;
  }
}
