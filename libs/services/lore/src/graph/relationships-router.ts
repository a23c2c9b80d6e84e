import {
  createRelationshipInputSchema,
  deletedGraphRowSchema,
  graphIdInputSchema,
  listRelationshipsInputSchema,
  relationshipPageSchema,
  relationshipSchema,
  updateRelationshipInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { createRelationship } from "./create-relationship";
import { deleteRelationship } from "./delete-relationship";
import { RELATIONSHIP_NOT_FOUND } from "./graph-refusals";
import { listRelationships, loadRelationship } from "./relationship-queries";
import { updateRelationship } from "./update-relationship";

/** lore.relationships.*: typed, weighted edges between two entities the caller can see. */
export const relationshipsRouter = router({
  create: permittedWriteProcedure("documents:update")
    .input(createRelationshipInputSchema)
    .output(relationshipSchema)
    .mutation(({ ctx, input }) => createRelationship(ctx, input)),

  get: permittedProcedure("documents:read")
    .input(graphIdInputSchema)
    .output(relationshipSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => loadRelationship(trx, input.id)), RELATIONSHIP_NOT_FOUND),
    ),

  list: permittedProcedure("documents:read")
    .input(listRelationshipsInputSchema)
    .output(relationshipPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listRelationships(trx, input))),

  update: permittedWriteProcedure("documents:update")
    .input(updateRelationshipInputSchema)
    .output(relationshipSchema)
    .mutation(({ ctx, input }) => updateRelationship(ctx, input)),

  delete: permittedWriteProcedure("documents:delete")
    .input(graphIdInputSchema)
    .output(deletedGraphRowSchema)
    .mutation(({ ctx, input }) => deleteRelationship(ctx, input.id)),
});
