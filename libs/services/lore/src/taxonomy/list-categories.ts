import type { Category, Page } from "@cauldron/contracts";
import { TRPCError } from "@trpc/server";
import { categoryExists, listCategories } from "./category-queries";
import { CATEGORY_NOT_FOUND } from "./category-refusals";
import type { TaxonomyReader } from "./taxonomy-caller";

/** A page of a category's children, or of the top-level categories; NOT_FOUND for a parent the organization does not have. */
export async function listChildCategories(
  caller: TaxonomyReader,
  input: { parentId?: string; limit: number; cursor?: string },
): Promise<Page<Category>> {
  const { organizationId } = caller;
  const parentId = input.parentId ?? null;
  return caller.tenant(async (trx) => {
    if (parentId !== null && !(await categoryExists(trx, organizationId, parentId))) {
      throw new TRPCError({ code: "NOT_FOUND", message: CATEGORY_NOT_FOUND });
    }
    return listCategories(trx, organizationId, { parentId, limit: input.limit, cursor: input.cursor });
  });
}
