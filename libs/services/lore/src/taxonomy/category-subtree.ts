import { sql, type RawBuilder } from "kysely";

/**
 * The ids of a category and every category below it, as a subquery:
 * `where("category_id", "in", categorySubtreeIds(categoryId))`. Runs under the caller's RLS, so
 * it never leaves the organization; the tree has no cycles (moves refuse them).
 */
export function categorySubtreeIds(categoryId: string): RawBuilder<string> {
  return sql<string>`(
    with recursive subtree as (
      select c.id from lore.document_categories c where c.id = ${categoryId}
      union
      select child.id from lore.document_categories child join subtree on child.parent_id = subtree.id
    )
    select id from subtree
  )`;
}
