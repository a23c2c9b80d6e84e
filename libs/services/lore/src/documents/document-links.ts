import type { Database } from "@cauldron/db";
import { invalidFields, type InvalidField } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** The categories, tags and teams a document is linked to, by the input field that names them. */
export interface DocumentLinks {
  categoryIds?: readonly string[];
  tagIds?: readonly string[];
  teamIds?: readonly string[];
}

type LinkField = keyof DocumentLinks;

const LABELS: Record<LinkField, string> = {
  categoryIds: "category",
  tagIds: "tag",
  teamIds: "team",
};

async function existingIds(
  trx: Transaction<Database>,
  organizationId: string,
  field: LinkField,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table =
    field === "categoryIds" ? "lore.document_categories" : field === "tagIds" ? "lore.document_tags" : "teams";
  const rows = await trx
    .selectFrom(table)
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Checks that every category, tag and team named belongs to the organization; an unknown id and
 * another organization's are refused alike, with BAD_REQUEST on each such entry.
 */
export async function assertLinkable(
  trx: Transaction<Database>,
  organizationId: string,
  links: DocumentLinks,
): Promise<void> {
  const problems: InvalidField[] = [];
  for (const field of Object.keys(LABELS) as LinkField[]) {
    const ids = links[field];
    if (!ids) continue;
    const known = await existingIds(trx, organizationId, field, ids);
    ids.forEach((id, index) => {
      if (!known.has(id))
        problems.push({ path: [field, index], message: `no ${LABELS[field]} ${id} in this organization` });
    });
  }
  if (problems.length > 0) throw invalidFields(problems);
}

/** Replaces the document's categories with `categoryIds` (already checked by assertLinkable). */
export async function replaceCategories(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  categoryIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom("lore.document_category_associations").where("document_id", "=", documentId).execute();
  if (categoryIds.length === 0) return;
  await trx
    .insertInto("lore.document_category_associations")
    .values(
      categoryIds.map((categoryId) => ({
        organization_id: organizationId,
        document_id: documentId,
        category_id: categoryId,
      })),
    )
    .execute();
}

/** Replaces the document's tags with `tagIds` (already checked by assertLinkable). */
export async function replaceTags(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  tagIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom("lore.document_tag_associations").where("document_id", "=", documentId).execute();
  if (tagIds.length === 0) return;
  await trx
    .insertInto("lore.document_tag_associations")
    .values(tagIds.map((tagId) => ({ organization_id: organizationId, document_id: documentId, tag_id: tagId })))
    .execute();
}

/**
 * Replaces the document's teams with `teamIds` (already checked by assertLinkable): one delete and
 * one insert, so the statement triggers leave documents.team_ids equal to the new set.
 */
export async function replaceTeams(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  teamIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom("lore.document_teams").where("document_id", "=", documentId).execute();
  if (teamIds.length === 0) return;
  await trx
    .insertInto("lore.document_teams")
    .values(teamIds.map((teamId) => ({ organization_id: organizationId, document_id: documentId, team_id: teamId })))
    .execute();
}

/** The ids of the document's categories. */
export async function linkedCategoryIds(trx: Transaction<Database>, documentId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("lore.document_category_associations")
    .select("category_id")
    .where("document_id", "=", documentId)
    .execute();
  return rows.map((row) => row.category_id);
}

/** The ids of the document's tags. */
export async function linkedTagIds(trx: Transaction<Database>, documentId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("lore.document_tag_associations")
    .select("tag_id")
    .where("document_id", "=", documentId)
    .execute();
  return rows.map((row) => row.tag_id);
}

/** Whether two lists name the same ids, in any order. */
export function sameIds(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  const set = new Set(left);
  return right.every((id) => set.has(id));
}
