import { CATEGORY_TREE_MAX_NODES, type CategoryTree } from "@cauldron/contracts";
import { TRPCError } from "@trpc/server";
import { loadCategoryForest, orderDepthFirst } from "./category-forest";
import { CATEGORY_NOT_FOUND } from "./category-refusals";
import type { TaxonomyReader } from "./taxonomy-caller";

/**
 * The categories from `rootId` (or the top level) down to `maxDepth`, depth-first, at most
 * CATEGORY_TREE_MAX_NODES of them. NOT_FOUND for a root the organization does not have.
 */
export async function categoryTree(
  caller: TaxonomyReader,
  input: { rootId?: string; maxDepth?: number },
): Promise<CategoryTree> {
  const rootId = input.rootId ?? null;
  const nodes = await caller.tenant((trx) =>
    loadCategoryForest(trx, caller.organizationId, {
      rootId,
      maxDepth: input.maxDepth ?? null,
      limit: CATEGORY_TREE_MAX_NODES,
    }),
  );
  if (rootId !== null && nodes.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: CATEGORY_NOT_FOUND });
  return {
    nodes: orderDepthFirst(nodes.slice(0, CATEGORY_TREE_MAX_NODES)),
    truncated: nodes.length > CATEGORY_TREE_MAX_NODES,
  };
}
