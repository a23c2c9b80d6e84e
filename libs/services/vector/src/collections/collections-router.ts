import {
  collectionIdInputSchema,
  collectionPageSchema,
  collectionSchema,
  createCollectionInputSchema,
  listCollectionsInputSchema,
  updateCollectionInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { z } from "zod";
import type { VectorRuntime } from "../vector-runtime";
import { listCollections, loadCollection } from "./collection-queries";
import { COLLECTION_NOT_FOUND } from "./collection-refusals";
import { createCollection } from "./create-collection";
import { deleteCollection } from "./delete-collection";
import { updateCollection } from "./update-collection";

/** vector.collections.*: named sets of embeddings on one model, with a JSON Schema for their metadata. */
export function createCollectionsRouter(_runtime: VectorRuntime) {
  return router({
    create: permittedWriteProcedure("embeddings:write")
      .input(createCollectionInputSchema)
      .output(collectionSchema)
      .mutation(({ ctx, input }) => createCollection(ctx, input)),

    get: permittedProcedure("embeddings:read")
      .input(collectionIdInputSchema)
      .output(collectionSchema)
      .query(async ({ ctx, input }) =>
        requireFound(
          await ctx.tenant((trx) => loadCollection(trx, ctx.organizationId, input.collectionId)),
          COLLECTION_NOT_FOUND,
        ),
      ),

    list: permittedProcedure("embeddings:read")
      .input(listCollectionsInputSchema)
      .output(collectionPageSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => listCollections(trx, ctx.organizationId, input))),

    update: permittedWriteProcedure("embeddings:write")
      .input(updateCollectionInputSchema)
      .output(collectionSchema)
      .mutation(({ ctx, input }) => updateCollection(ctx, input)),

    delete: permittedWriteProcedure("embeddings:write")
      .input(collectionIdInputSchema)
      .output(z.object({ collectionId: z.string(), deletedEmbeddings: z.number().int().nonnegative() }))
      .mutation(({ ctx, input }) => deleteCollection(ctx, input.collectionId)),
  });
}
