import type { DeletedCategory } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { countSubtree, loadCategory } from "./category-queries";
import { CATEGORY_NOT_FOUND } from "./category-refusals";
import { lockCategoryTree } from "./category-tree-lock";
import type { TaxonomyWriter } from "./taxonomy-caller";

/**
 * Deletes a category with every category below it; the database cascades to their document
 * links. Answers how many categories went.
 */
export async function deleteCategory(caller: TaxonomyWriter, categoryId: string): Promise<DeletedCategory> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    await lockCategoryTree(trx, organizationId);
    const category = requireFound(await loadCategory(trx, organizationId, categoryId), CATEGORY_NOT_FOUND);
    const deletedCategories = await countSubtree(trx, category.id);
    await trx
      .deleteFrom("lore.document_categories")
      .where("organization_id", "=", organizationId)
      .where("id", "=", category.id)
      .execute();
    await caller.record(trx, {
      action: "category.deleted",
      target: { type: "category", id: category.id },
      metadata: { name: category.name, slug: category.slug, deletedCategories },
      events: [],
    });
    return { id: category.id, deletedCategories };
  });
}
