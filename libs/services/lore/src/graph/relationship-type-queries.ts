import type { Page, RelationshipType } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** The unique key of relationship type names within an organization. */
export const RELATIONSHIP_TYPE_NAME_KEY = "relationship_types_organization_id_name_key";

function relationshipTypeColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("lore.relationship_types as t")
    .select([
      "t.id",
      "t.name",
      "t.inverse_name",
      "t.directed",
      "t.description",
      "t.created_at",
      sql<number>`(select count(*) from lore.relationships r where r.type_id = t.id)::int`.as("relationship_count"),
    ]);
}

type RelationshipTypeRow = Awaited<ReturnType<ReturnType<typeof relationshipTypeColumns>["executeTakeFirstOrThrow"]>>;

function toRelationshipType(row: RelationshipTypeRow): RelationshipType {
  return {
    id: row.id,
    name: row.name,
    inverseName: row.inverse_name,
    directed: row.directed,
    description: row.description,
    relationshipCount: row.relationship_count,
    createdAt: row.created_at,
  };
}

/** One relationship type of the active organization, or undefined. */
export async function loadRelationshipType(
  trx: Transaction<Database>,
  typeId: string,
): Promise<RelationshipType | undefined> {
  const row = await relationshipTypeColumns(trx).where("t.id", "=", typeId).executeTakeFirst();
  return row && toRelationshipType(row);
}

/** The organization's relationship types by name, a page at a time. */
export async function listRelationshipTypes(
  trx: Transaction<Database>,
  input: { limit: number; cursor?: string },
): Promise<Page<RelationshipType>> {
  const after = decodeNameCursor(input.cursor);
  const rows = await relationshipTypeColumns(trx)
    .where(pastNameKey({ name: "t.name", id: "t.id" }, after))
    .orderBy("t.name")
    .orderBy("t.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toRelationshipType, (row) => ({ name: row.name, id: row.id }));
}
