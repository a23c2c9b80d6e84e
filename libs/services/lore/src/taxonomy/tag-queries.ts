import type { Page, Tag } from "@cauldron/contracts";
import { containsPattern, decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

function tagColumns(trx: Transaction<Database>, organizationId: string) {
  return trx
    .selectFrom("lore.document_tags as t")
    .where("t.organization_id", "=", organizationId)
    .select([
      "t.id",
      "t.name",
      "t.color",
      "t.created_at",
      // The associations' team-access policy hides links to documents the caller may not see.
      sql<number>`(
        select count(*) from lore.document_tag_associations a
        join lore.documents d on d.id = a.document_id
        where a.tag_id = t.id and d.deleted_at is null
      )::int`.as("document_count"),
    ]);
}

type TagRow = Awaited<ReturnType<ReturnType<typeof tagColumns>["executeTakeFirstOrThrow"]>>;

function toTag(row: TagRow): Tag {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    documentCount: row.document_count,
    createdAt: row.created_at,
  };
}

/** One tag of the organization, or undefined when it has no such tag. */
export async function loadTag(
  trx: Transaction<Database>,
  organizationId: string,
  tagId: string,
): Promise<Tag | undefined> {
  const row = await tagColumns(trx, organizationId).where("t.id", "=", tagId).executeTakeFirst();
  return row && toTag(row);
}

/** The organization's tags by name, a page at a time, optionally those whose name contains `text`. */
export async function listTags(
  trx: Transaction<Database>,
  organizationId: string,
  input: { limit: number; cursor?: string; text?: string },
): Promise<Page<Tag>> {
  const after = decodeNameCursor(input.cursor);
  const pattern = input.text ? containsPattern(input.text) : null;
  const rows = await tagColumns(trx, organizationId)
    .$if(pattern !== null, (query) => query.where(sql`lower(t.name)`, "like", pattern))
    .where(pastNameKey({ name: "t.name", id: "t.id" }, after))
    .orderBy("t.name")
    .orderBy("t.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toTag, (row) => ({ name: row.name, id: row.id }));
}

/**
 * Locks the organization's tags among `tagIds` (in id order, so concurrent merges cannot
 * deadlock) and answers them. A locked tag cannot gain document links until the transaction ends.
 */
export async function lockTags(
  trx: Transaction<Database>,
  organizationId: string,
  tagIds: readonly string[],
): Promise<{ id: string; name: string }[]> {
  return trx
    .selectFrom("lore.document_tags")
    .select(["id", "name"])
    .where("organization_id", "=", organizationId)
    .where("id", "in", tagIds)
    .orderBy("id")
    .forUpdate()
    .execute();
}

/**
 * Gives `targetTagId` to every document carrying one of `sourceTagIds`; a document that has the
 * target already keeps its one link. Answers how many links were added.
 */
export async function retagDocuments(
  trx: Transaction<Database>,
  organizationId: string,
  sourceTagIds: readonly string[],
  targetTagId: string,
): Promise<number> {
  const added = await trx
    .insertInto("lore.document_tag_associations")
    .columns(["organization_id", "document_id", "tag_id"])
    .expression(
      trx
        .selectFrom("lore.document_tag_associations")
        .select(["organization_id", "document_id", sql<string>`${targetTagId}::uuid`.as("tag_id")])
        .distinct()
        .where("organization_id", "=", organizationId)
        .where("tag_id", "in", sourceTagIds),
    )
    .onConflict((conflict) => conflict.columns(["document_id", "tag_id"]).doNothing())
    .returning("id")
    .execute();
  return added.length;
}

/** Whether the caller sees every document of the organization (its owners and admins do). */
export async function callerSeesAllDocuments(trx: Transaction<Database>): Promise<boolean> {
  const { rows } = await sql<{ sees_all: boolean }>`select app.caller_sees_all_documents() as sees_all`.execute(trx);
  return rows[0]?.sees_all === true;
}

/** Whether `error` is the unique violation of a tag name within its organization. */
export function isTagNameTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "document_tags_organization_id_name_key";
}
