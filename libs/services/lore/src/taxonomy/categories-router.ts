import {
  categoryDetailSchema,
  categoryIdInputSchema,
  categoryPageSchema,
  categoryTreeInputSchema,
  categoryTreeSchema,
  createCategoryInputSchema,
  deletedCategorySchema,
  listCategoriesInputSchema,
  moveCategoryInputSchema,
  updateCategoryInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";
import { loadCategory } from "./category-queries";
import { CATEGORY_NOT_FOUND } from "./category-refusals";
import { categoryTree } from "./category-tree";
import { createCategory } from "./create-category";
import { deleteCategory } from "./delete-category";
import { listChildCategories } from "./list-categories";
import { moveCategory } from "./move-category";
import { updateCategory } from "./update-category";

/** lore.categories.*: the organization's category tree. */
export function createCategoriesRouter(_runtime: LoreRuntime) {
  return router({
    create: permittedWriteProcedure("documents:update")
      .input(createCategoryInputSchema)
      .output(categoryDetailSchema)
      .mutation(({ ctx, input }) => createCategory(ctx, input)),

    get: permittedProcedure("documents:read")
      .input(categoryIdInputSchema)
      .output(categoryDetailSchema)
      .query(async ({ ctx, input }) =>
        requireFound(await ctx.tenant((trx) => loadCategory(trx, ctx.organizationId, input.id)), CATEGORY_NOT_FOUND),
      ),

    list: permittedProcedure("documents:read")
      .input(listCategoriesInputSchema)
      .output(categoryPageSchema)
      .query(({ ctx, input }) => listChildCategories(ctx, input)),

    tree: permittedProcedure("documents:read")
      .input(categoryTreeInputSchema)
      .output(categoryTreeSchema)
      .query(({ ctx, input }) => categoryTree(ctx, input)),

    subtree: permittedProcedure("documents:read")
      .input(categoryIdInputSchema)
      .output(categoryTreeSchema)
      .query(({ ctx, input }) => categoryTree(ctx, { rootId: input.id })),

    update: permittedWriteProcedure("documents:update")
      .input(updateCategoryInputSchema)
      .output(categoryDetailSchema)
      .mutation(({ ctx, input }) => updateCategory(ctx, input)),

    move: permittedWriteProcedure("documents:update")
      .input(moveCategoryInputSchema)
      .output(categoryDetailSchema)
      .mutation(({ ctx, input }) => moveCategory(ctx, input)),

    delete: permittedWriteProcedure("documents:delete")
      .input(categoryIdInputSchema)
      .output(deletedCategorySchema)
      .mutation(({ ctx, input }) => deleteCategory(ctx, input.id)),
  });
}
