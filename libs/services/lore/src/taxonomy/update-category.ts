import type { CategoryDetail, updateCategoryInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { loadCategory, siblingNameTaken, slugsLike } from "./category-queries";
import { CATEGORY_NOT_FOUND, categoryNameTaken, categorySlugTaken } from "./category-refusals";
import { lockCategoryTree } from "./category-tree-lock";
import type { TaxonomyWriter } from "./taxonomy-caller";

const CHANGEABLE = ["name", "slug", "description", "sortOrder"] as const;

/** Renames, re-slugs, redescribes or reorders a category; its place in the tree stays (see moveCategory). */
export async function updateCategory(
  caller: TaxonomyWriter,
  input: z.infer<typeof updateCategoryInputSchema>,
): Promise<CategoryDetail> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    await lockCategoryTree(trx, organizationId);
    const category = requireFound(await loadCategory(trx, organizationId, input.id), CATEGORY_NOT_FOUND);
    if (
      input.name !== undefined &&
      (await siblingNameTaken(trx, organizationId, {
        parentId: category.parentId,
        name: input.name,
        exceptId: category.id,
      }))
    ) {
      throw categoryNameTaken(input.name, category.parentId);
    }
    if (
      input.slug !== undefined &&
      input.slug !== category.slug &&
      (await slugsLike(trx, organizationId, input.slug)).has(input.slug)
    ) {
      throw categorySlugTaken(input.slug);
    }
    await trx
      .updateTable("lore.document_categories")
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      })
      .where("organization_id", "=", organizationId)
      .where("id", "=", category.id)
      .execute();
    await caller.record(trx, {
      action: "category.updated",
      target: { type: "category", id: category.id },
      metadata: { changedFields: CHANGEABLE.filter((field) => input[field] !== undefined) },
      events: [],
    });
    return requireFound(await loadCategory(trx, organizationId, category.id), CATEGORY_NOT_FOUND);
  });
}
