import {
  deleteEmbeddingsInputSchema,
  deleteEmbeddingsOutputSchema,
  getEmbeddingsInputSchema,
  getEmbeddingsOutputSchema,
  UPSERT_BODY_LIMIT_BYTES,
  upsertEmbeddingsInputSchema,
  upsertEmbeddingsOutputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { createMetadataValidators } from "../collections/metadata-validators";
import type { VectorRuntime } from "../vector-runtime";
import { deleteEmbeddings } from "./delete-embeddings";
import { loadEmbeddings } from "./embedding-queries";
import { upsertEmbeddings, type UpsertServices } from "./upsert-embeddings";

/** vector.embeddings.*: store texts and vectors (embedding text on the server when asked), read them, delete them. */
export function createEmbeddingsRouter(runtime: VectorRuntime) {
  const services: UpsertServices = { runtime, metadataValidators: createMetadataValidators() };
  return router({
    // 1,000 vectors of 1,536 numbers are about 30 MB of JSON.
    upsert: permittedWriteProcedure("embeddings:write")
      .meta({ bodyLimit: `${UPSERT_BODY_LIMIT_BYTES}b` })
      .input(upsertEmbeddingsInputSchema)
      .output(upsertEmbeddingsOutputSchema)
      .mutation(({ ctx, input, signal }) => upsertEmbeddings(services, ctx, input, signal)),

    get: permittedProcedure("embeddings:read")
      .input(getEmbeddingsInputSchema)
      .output(getEmbeddingsOutputSchema)
      .query(async ({ ctx, input }) => ({
        items: await ctx.tenant((trx) => loadEmbeddings(trx, ctx.organizationId, input.ids, input.includeVectors)),
      })),

    delete: permittedWriteProcedure("embeddings:write")
      .input(deleteEmbeddingsInputSchema)
      .output(deleteEmbeddingsOutputSchema)
      .mutation(({ ctx, input }) => deleteEmbeddings(ctx, input)),
  });
}
