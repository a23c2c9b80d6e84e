import type { Category, CategoryDetail, CategoryPathStep, Page } from "@cauldron/contracts";
import { prefixPattern, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { categoryCursorKey, decodeCategoryCursor, pastCategoryKey } from "./category-list-cursor";
import { categorySubtreeIds } from "./category-subtree";

function categoryColumns(trx: Transaction<Database>, organizationId: string) {
  return trx
    .selectFrom("lore.document_categories as c")
    .where("c.organization_id", "=", organizationId)
    .select([
      "c.id",
      "c.parent_id",
      "c.name",
      "c.slug",
      "c.description",
      "c.sort_order",
      "c.created_at",
      "c.updated_at",
      sql<number>`(select count(*) from lore.document_categories child where child.parent_id = c.id)::int`.as(
        "child_count",
      ),
      // The associations' team-access policy hides links to documents the caller may not see.
      sql<number>`(
        select count(*) from lore.document_category_associations a
        join lore.documents d on d.id = a.document_id
        where a.category_id = c.id and d.deleted_at is null
      )::int`.as("document_count"),
    ]);
}

type CategoryRow = Awaited<ReturnType<ReturnType<typeof categoryColumns>["executeTakeFirstOrThrow"]>>;

function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    sortOrder: row.sort_order,
    childCount: row.child_count,
    documentCount: row.document_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The ancestors of a category, from its top-level category down to its parent. */
async function ancestorsOf(trx: Transaction<Database>, categoryId: string): Promise<CategoryPathStep[]> {
  const { rows } = await sql<CategoryPathStep>`
    with recursive ancestors as (
      select parent.id, parent.name, parent.parent_id, 1 as distance
      from lore.document_categories self
      join lore.document_categories parent on parent.id = self.parent_id
      where self.id = ${categoryId}
      union all
      select parent.id, parent.name, parent.parent_id, ancestors.distance + 1
      from lore.document_categories parent
      join ancestors on parent.id = ancestors.parent_id
    )
    select id, name from ancestors order by distance desc
  `.execute(trx);
  return rows;
}

/** One category of the organization with its ancestors, or undefined when it has no such category. */
export async function loadCategory(
  trx: Transaction<Database>,
  organizationId: string,
  categoryId: string,
): Promise<CategoryDetail | undefined> {
  const row = await categoryColumns(trx, organizationId).where("c.id", "=", categoryId).executeTakeFirst();
  return row && { ...toCategory(row), path: await ancestorsOf(trx, categoryId) };
}

/** The children of `parentId` (top-level categories for null) in display order, a page at a time. */
export async function listCategories(
  trx: Transaction<Database>,
  organizationId: string,
  input: { parentId: string | null; limit: number; cursor?: string },
): Promise<Page<Category>> {
  const after = decodeCategoryCursor(input.cursor);
  const rows = await categoryColumns(trx, organizationId)
    .where("c.parent_id", input.parentId === null ? "is" : "=", input.parentId)
    .where(pastCategoryKey(after))
    .orderBy("c.sort_order")
    .orderBy("c.name")
    .orderBy("c.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toCategory, categoryCursorKey);
}

/** Whether the organization has the category. */
export async function categoryExists(
  trx: Transaction<Database>,
  organizationId: string,
  categoryId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom("lore.document_categories")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "=", categoryId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether `name` (ignoring case) is taken among the children of `parentId`, other than by `exceptId`. */
export async function siblingNameTaken(
  trx: Transaction<Database>,
  organizationId: string,
  sibling: { parentId: string | null; name: string; exceptId?: string },
): Promise<boolean> {
  const row = await trx
    .selectFrom("lore.document_categories")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("parent_id", sibling.parentId === null ? "is" : "=", sibling.parentId)
    .where(sql`lower(name)`, "=", sibling.name.toLowerCase())
    .$if(sibling.exceptId !== undefined, (query) => query.where("id", "<>", sibling.exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}

/** The slugs among `base` and `base-<n>` the organization's categories use. */
export async function slugsLike(
  trx: Transaction<Database>,
  organizationId: string,
  base: string,
): Promise<Set<string>> {
  const rows = await trx
    .selectFrom("lore.document_categories")
    .select("slug")
    .where("organization_id", "=", organizationId)
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", prefixPattern(`${base}-`))]))
    .execute();
  return new Set(rows.map((row) => row.slug));
}

/** Whether `descendantId` is `categoryId` or lies anywhere below it. */
export async function isInSubtree(
  trx: Transaction<Database>,
  categoryId: string,
  descendantId: string,
): Promise<boolean> {
  const { rows } = await sql<{ inside: boolean }>`
    select ${descendantId}::uuid in ${categorySubtreeIds(categoryId)} as inside
  `.execute(trx);
  return rows[0]?.inside === true;
}

/** How many categories `categoryId` and its descendants are. */
export async function countSubtree(trx: Transaction<Database>, categoryId: string): Promise<number> {
  const { rows } = await sql<{ size: number }>`
    select count(*)::int as size from lore.document_categories where id in ${categorySubtreeIds(categoryId)}
  `.execute(trx);
  return rows[0]?.size ?? 0;
}
