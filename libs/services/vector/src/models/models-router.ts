import {
  embeddingModelPageSchema,
  embeddingModelSchema,
  listModelsInputSchema,
  modelIdInputSchema,
  registerModelInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import type { VectorRuntime } from "../vector-runtime";
import { listModels, loadModel } from "./model-queries";
import { MODEL_NOT_FOUND } from "./model-refusals";
import { describeModel, describeModels } from "./model-view";
import { registerModel } from "./register-model";
import { retireOrganizationModel } from "./retire-model";
import { setDefaultModel } from "./set-default-model";

/** vector.models.*: register, list, get, setDefault, retire. */
export function createModelsRouter(runtime: VectorRuntime) {
  const privateHostsAllowed = runtime.providerOptions.privateHostsAllowed ?? [];
  return router({
    register: permittedWriteProcedure("settings:write")
      .input(registerModelInputSchema)
      .output(embeddingModelSchema)
      .mutation(({ ctx, input }) => registerModel(ctx, input, privateHostsAllowed)),

    list: permittedProcedure("embeddings:read")
      .input(listModelsInputSchema)
      .output(embeddingModelPageSchema)
      .query(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const page = await listModels(trx, ctx.organizationId, input);
          return { items: await describeModels(trx, ctx.organizationId, page.items), nextCursor: page.nextCursor };
        }),
      ),

    get: permittedProcedure("embeddings:read")
      .input(modelIdInputSchema)
      .output(embeddingModelSchema)
      .query(({ ctx, input }) =>
        ctx.tenant(async (trx) =>
          describeModel(trx, ctx.organizationId, requireFound(await loadModel(trx, input.modelId), MODEL_NOT_FOUND)),
        ),
      ),

    setDefault: permittedWriteProcedure("settings:write")
      .input(modelIdInputSchema)
      .output(embeddingModelSchema)
      .mutation(({ ctx, input }) => ctx.tenant((trx) => setDefaultModel(trx, ctx, input.modelId))),

    retire: permittedWriteProcedure("settings:write")
      .input(modelIdInputSchema)
      .output(embeddingModelSchema)
      .mutation(({ ctx, input }) => ctx.tenant((trx) => retireOrganizationModel(trx, ctx, input.modelId))),
  });
}
