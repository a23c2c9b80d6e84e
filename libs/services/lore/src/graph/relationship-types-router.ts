import {
  createRelationshipTypeInputSchema,
  deletedGraphRowSchema,
  graphIdInputSchema,
  listRelationshipTypesInputSchema,
  relationshipTypePageSchema,
  relationshipTypeSchema,
  updateRelationshipTypeInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import { createRelationshipType } from "./create-relationship-type";
import { deleteRelationshipType } from "./delete-relationship-type";
import { RELATIONSHIP_TYPE_NOT_FOUND } from "./graph-refusals";
import { listRelationshipTypes, loadRelationshipType } from "./relationship-type-queries";
import { updateRelationshipType } from "./update-relationship-type";

/** lore.relationshipTypes.*: the kinds of relationship between entities (works for, located in, …). */
export const relationshipTypesRouter = router({
  create: permittedWriteProcedure("documents:update")
    .input(createRelationshipTypeInputSchema)
    .output(relationshipTypeSchema)
    .mutation(({ ctx, input }) => createRelationshipType(ctx, input)),

  list: permittedProcedure("documents:read")
    .input(listRelationshipTypesInputSchema)
    .output(relationshipTypePageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listRelationshipTypes(trx, input))),

  get: permittedProcedure("documents:read")
    .input(graphIdInputSchema)
    .output(relationshipTypeSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => loadRelationshipType(trx, input.id)), RELATIONSHIP_TYPE_NOT_FOUND),
    ),

  update: permittedWriteProcedure("documents:update")
    .input(updateRelationshipTypeInputSchema)
    .output(relationshipTypeSchema)
    .mutation(({ ctx, input }) => updateRelationshipType(ctx, input)),

  delete: permittedWriteProcedure("documents:delete")
    .input(graphIdInputSchema)
    .output(deletedGraphRowSchema)
    .mutation(({ ctx, input }) => deleteRelationshipType(ctx, input.id)),
});
