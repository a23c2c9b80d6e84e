import type { EntityType, Page } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** The unique key of entity type names within an organization. */
export const ENTITY_TYPE_NAME_KEY = "entity_types_organization_id_name_key";

function entityTypeColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("lore.entity_types as t")
    .select([
      "t.id",
      "t.name",
      "t.description",
      "t.schema",
      "t.created_at",
      "t.updated_at",
      sql<number>`(select count(*) from lore.entities e where e.type_id = t.id)::int`.as("entity_count"),
    ]);
}

type EntityTypeRow = Awaited<ReturnType<ReturnType<typeof entityTypeColumns>["executeTakeFirstOrThrow"]>>;

function toEntityType(row: EntityTypeRow): EntityType {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    schema: row.schema as Record<string, unknown>,
    entityCount: row.entity_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One entity type of the active organization, or undefined. */
export async function loadEntityType(trx: Transaction<Database>, typeId: string): Promise<EntityType | undefined> {
  const row = await entityTypeColumns(trx).where("t.id", "=", typeId).executeTakeFirst();
  return row && toEntityType(row);
}

/** The organization's entity types by name, a page at a time. */
export async function listEntityTypes(
  trx: Transaction<Database>,
  input: { limit: number; cursor?: string },
): Promise<Page<EntityType>> {
  const after = decodeNameCursor(input.cursor);
  const rows = await entityTypeColumns(trx)
    .where(pastNameKey({ name: "t.name", id: "t.id" }, after))
    .orderBy("t.name")
    .orderBy("t.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toEntityType, (row) => ({ name: row.name, id: row.id }));
}

/** The ids among `typeIds` that are entity types of the active organization. */
export async function existingEntityTypeIds(trx: Transaction<Database>, typeIds: readonly string[]): Promise<string[]> {
  if (typeIds.length === 0) return [];
  const rows = await trx.selectFrom("lore.entity_types").select("id").where("id", "in", typeIds).execute();
  return rows.map((row) => row.id);
}
