import type { LoreSearchFilters } from "@cauldron/contracts";
import { sql, type RawBuilder, type SqlBool } from "kysely";
import { categorySubtreeIds } from "../taxonomy/category-subtree";

/**
 * The search filters as one condition on `lore.documents d`. Without a status, archived documents
 * are left out. Ids of another organization's categories, tags, teams or documents match nothing
 * under RLS, exactly as unknown ids do.
 */
export function documentFilterSql(filters: LoreSearchFilters): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [
    sql`d.deleted_at is null`,
    filters.status === undefined ? sql`d.status <> 'archived'` : sql`d.status = ${filters.status}`,
  ];
  if (filters.documentIds) conditions.push(sql`d.id = any(${filters.documentIds}::uuid[])`);
  if (filters.teamIds) conditions.push(sql`d.team_ids && ${filters.teamIds}::uuid[]`);
  if (filters.tagIds) {
    conditions.push(sql`exists (
      select 1 from lore.document_tag_associations ta
      where ta.document_id = d.id and ta.tag_id = any(${filters.tagIds}::uuid[]))`);
  }
  if (filters.categoryId) {
    conditions.push(sql`exists (
      select 1 from lore.document_category_associations ca
      where ca.document_id = d.id and ca.category_id in ${categorySubtreeIds(filters.categoryId)})`);
  }
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}
