import {
  createEntityTypeInputSchema,
  deletedGraphRowSchema,
  entityTypePageSchema,
  entityTypeSchema,
  graphIdInputSchema,
  listEntityTypesInputSchema,
  updateEntityTypeInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { createEntityType } from "./create-entity-type";
import { deleteEntityType } from "./delete-entity-type";
import { listEntityTypes, loadEntityType } from "./entity-type-queries";
import { ENTITY_TYPE_NOT_FOUND } from "./graph-refusals";
import { updateEntityType } from "./update-entity-type";

/** lore.entityTypes.*: the kinds of entity an organization's graph holds (person, place, …). */
export const entityTypesRouter = router({
  create: permittedWriteProcedure("documents:update")
    .input(createEntityTypeInputSchema)
    .output(entityTypeSchema)
    .mutation(({ ctx, input }) => createEntityType(ctx, input)),

  list: permittedProcedure("documents:read")
    .input(listEntityTypesInputSchema)
    .output(entityTypePageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listEntityTypes(trx, input))),

  get: permittedProcedure("documents:read")
    .input(graphIdInputSchema)
    .output(entityTypeSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => loadEntityType(trx, input.id)), ENTITY_TYPE_NOT_FOUND),
    ),

  update: permittedWriteProcedure("documents:update")
    .input(updateEntityTypeInputSchema)
    .output(entityTypeSchema)
    .mutation(({ ctx, input }) => updateEntityType(ctx, input)),

  delete: permittedWriteProcedure("documents:delete")
    .input(graphIdInputSchema)
    .output(deletedGraphRowSchema)
    .mutation(({ ctx, input }) => deleteEntityType(ctx, input.id)),
});
