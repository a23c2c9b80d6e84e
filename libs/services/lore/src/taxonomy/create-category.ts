import type { CategoryDetail, createCategoryInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { categoryExists, loadCategory, siblingNameTaken, slugsLike } from "./category-queries";
import { CATEGORY_NOT_FOUND, categoryNameTaken, categorySlugTaken, unknownParentCategory } from "./category-refusals";
import { firstFreeSlug, slugFromName } from "./category-slug";
import { lockCategoryTree } from "./category-tree-lock";
import type { TaxonomyWriter } from "./taxonomy-caller";

async function chooseSlug(
  trx: Transaction<Database>,
  organizationId: string,
  input: { name: string; slug?: string },
): Promise<string> {
  const base = input.slug ?? slugFromName(input.name);
  const taken = await slugsLike(trx, organizationId, base);
  if (input.slug === undefined) return firstFreeSlug(base, taken);
  if (taken.has(input.slug)) throw categorySlugTaken(input.slug);
  return input.slug;
}

/**
 * Creates a category at the top level or under a parent of the organization. A chosen slug must
 * be free; a derived one gets the first free numeric suffix. Sibling names differ ignoring case.
 */
export async function createCategory(
  caller: TaxonomyWriter,
  input: z.infer<typeof createCategoryInputSchema>,
): Promise<CategoryDetail> {
  const { organizationId } = caller;
  const parentId = input.parentId ?? null;
  return caller.tenant(async (trx) => {
    await lockCategoryTree(trx, organizationId);
    if (parentId !== null && !(await categoryExists(trx, organizationId, parentId))) throw unknownParentCategory();
    if (await siblingNameTaken(trx, organizationId, { parentId, name: input.name })) {
      throw categoryNameTaken(input.name, parentId);
    }
    const slug = await chooseSlug(trx, organizationId, input);
    const created = await trx
      .insertInto("lore.document_categories")
      .values({
        organization_id: organizationId,
        parent_id: parentId,
        name: input.name,
        slug,
        description: input.description ?? null,
        sort_order: input.sortOrder ?? 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await caller.record(trx, {
      action: "category.created",
      target: { type: "category", id: created.id },
      metadata: { name: input.name, slug, parentId },
      events: [],
    });
    return requireFound(await loadCategory(trx, organizationId, created.id), CATEGORY_NOT_FOUND);
  });
}
