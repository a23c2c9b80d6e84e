import type { CategoryNode } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** Where a forest starts: one category, or the organization's top-level categories. */
export interface ForestStart {
  rootId: string | null;
  /** The deepest depth included; null for no bound. */
  maxDepth: number | null;
  /** At most this many nodes, the shallowest first. */
  limit: number;
}

interface ForestRow {
  id: string;
  parent_id: string | null;
  name: string;
  slug: string;
  sort_order: number;
  depth: number;
  child_count: number;
}

/**
 * The categories of a forest level by level (siblings in display order), at most `limit + 1`
 * of them so the caller can tell a cut one.
 */
export async function loadCategoryForest(
  trx: Transaction<Database>,
  organizationId: string,
  start: ForestStart,
): Promise<CategoryNode[]> {
  const anchor = start.rootId === null ? sql`c.parent_id is null` : sql`c.id = ${start.rootId}`;
  const { rows } = await sql<ForestRow>`
    with recursive forest as (
      select c.id, c.parent_id, c.name, c.slug, c.sort_order, 0 as depth
      from lore.document_categories c
      where c.organization_id = ${organizationId} and ${anchor}
      union all
      select child.id, child.parent_id, child.name, child.slug, child.sort_order, forest.depth + 1
      from lore.document_categories child
      join forest on child.parent_id = forest.id
      where ${start.maxDepth}::int is null or forest.depth < ${start.maxDepth}::int
    )
    select f.*, (select count(*) from lore.document_categories k where k.parent_id = f.id)::int as child_count
    from forest f
    order by f.depth, f.sort_order, f.name, f.id
    limit ${start.limit + 1}
  `.execute(trx);
  return rows.map((row) => ({
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    slug: row.slug,
    sortOrder: row.sort_order,
    depth: row.depth,
    childCount: row.child_count,
  }));
}

/**
 * Puts level-ordered nodes in depth-first order: each node followed by its children, siblings
 * keeping their given order. Nodes whose parent is absent start the order.
 */
export function orderDepthFirst(nodes: readonly CategoryNode[]): CategoryNode[] {
  const present = new Set(nodes.map((node) => node.id));
  const childrenOf = new Map<string, CategoryNode[]>();
  const starts: CategoryNode[] = [];
  for (const node of nodes) {
    if (node.parentId === null || !present.has(node.parentId)) {
      starts.push(node);
      continue;
    }
    const siblings = childrenOf.get(node.parentId) ?? [];
    siblings.push(node);
    childrenOf.set(node.parentId, siblings);
  }
  const ordered: CategoryNode[] = [];
  const pending = [...starts].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    ordered.push(node);
    pending.push(...[...(childrenOf.get(node.id) ?? [])].reverse());
  }
  return ordered;
}
