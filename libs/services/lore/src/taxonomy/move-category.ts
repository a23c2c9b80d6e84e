import type { CategoryDetail, moveCategoryInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { categoryExists, isInSubtree, loadCategory, siblingNameTaken } from "./category-queries";
import { CATEGORY_NOT_FOUND, categoryCycle, categoryNameTaken, unknownParentCategory } from "./category-refusals";
import { lockCategoryTree } from "./category-tree-lock";
import type { TaxonomyWriter } from "./taxonomy-caller";

/**
 * Moves a category (with its subtree) under another parent, or to the top level for null.
 * Refuses a parent inside its own subtree; the tree lock makes that check hold against
 * concurrent moves.
 */
export async function moveCategory(
  caller: TaxonomyWriter,
  input: z.infer<typeof moveCategoryInputSchema>,
): Promise<CategoryDetail> {
  const { organizationId } = caller;
  const { parentId } = input;
  return caller.tenant(async (trx) => {
    await lockCategoryTree(trx, organizationId);
    const category = requireFound(await loadCategory(trx, organizationId, input.id), CATEGORY_NOT_FOUND);
    if (parentId === category.id) throw categoryCycle(true);
    if (parentId !== null) {
      if (!(await categoryExists(trx, organizationId, parentId))) throw unknownParentCategory();
      if (await isInSubtree(trx, category.id, parentId)) throw categoryCycle(false);
    }
    if (await siblingNameTaken(trx, organizationId, { parentId, name: category.name, exceptId: category.id })) {
      throw categoryNameTaken(category.name, parentId);
    }
    await trx
      .updateTable("lore.document_categories")
      .set({ parent_id: parentId })
      .where("organization_id", "=", organizationId)
      .where("id", "=", category.id)
      .execute();
    await caller.record(trx, {
      action: "category.moved",
      target: { type: "category", id: category.id },
      metadata: { fromParentId: category.parentId, toParentId: parentId },
      events: [],
    });
    return requireFound(await loadCategory(trx, organizationId, category.id), CATEGORY_NOT_FOUND);
  });
}
