import {
  createEntityInputSchema,
  deletedGraphRowSchema,
  duplicateEntitiesSchema,
  entityDetailSchema,
  entityPageSchema,
  entitySchema,
  findDuplicateEntitiesInputSchema,
  graphIdInputSchema,
  listEntitiesInputSchema,
  mergedEntitiesSchema,
  mergeEntitiesInputSchema,
  updateEntityInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { createEntity } from "./create-entity";
import { deleteEntity } from "./delete-entity";
import { findDuplicateEntities } from "./entity-duplicates";
import { loadEntityDetail } from "./entity-queries";
import { ENTITY_NOT_FOUND } from "./graph-refusals";
import { listEntities } from "./list-entities";
import { mergeEntities } from "./merge-entities";
import { updateEntity } from "./update-entity";

/** lore.entities.*: the people, places and things of the graph, as far as the caller may see them. */
export const entitiesRouter = router({
  create: permittedWriteProcedure("documents:update")
    .input(createEntityInputSchema)
    .output(entitySchema)
    .mutation(({ ctx, input }) => createEntity(ctx, input)),

  get: permittedProcedure("documents:read")
    .input(graphIdInputSchema)
    .output(entityDetailSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => loadEntityDetail(trx, input.id)), ENTITY_NOT_FOUND),
    ),

  list: permittedProcedure("documents:read")
    .input(listEntitiesInputSchema)
    .output(entityPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listEntities(trx, input))),

  update: permittedWriteProcedure("documents:update")
    .input(updateEntityInputSchema)
    .output(entitySchema)
    .mutation(({ ctx, input }) => updateEntity(ctx, input)),

  delete: permittedWriteProcedure("documents:delete")
    .input(graphIdInputSchema)
    .output(deletedGraphRowSchema)
    .mutation(({ ctx, input }) => deleteEntity(ctx, input.id)),

  duplicates: permittedProcedure("documents:read")
    .input(findDuplicateEntitiesInputSchema)
    .output(duplicateEntitiesSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => findDuplicateEntities(trx, input))),

  merge: permittedWriteProcedure("documents:update")
    .input(mergeEntitiesInputSchema)
    .output(mergedEntitiesSchema)
    .mutation(({ ctx, input }) => mergeEntities(ctx, input)),
});
