import type { Entity, EntityDetail } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type RawBuilder, type Transaction } from "kysely";

/** The entity columns every entity answer carries, with its type's name and the location as degrees. */
export function entityColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("lore.entities as e")
    .innerJoin("lore.entity_types as t", "t.id", "e.type_id")
    .select([
      "e.id",
      "e.type_id",
      "t.name as type_name",
      "e.name",
      "e.canonical_name",
      "e.aliases",
      "e.description",
      "e.properties",
      "e.created_at",
      "e.updated_at",
      sql<number | null>`st_y(e.location::geometry)`.as("latitude"),
      sql<number | null>`st_x(e.location::geometry)`.as("longitude"),
    ]);
}

/** An entity row as entityColumns selects it. */
export type EntityRow = Awaited<ReturnType<ReturnType<typeof entityColumns>["executeTakeFirstOrThrow"]>>;

/** The entity a row describes, as clients receive it. */
export function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    typeId: row.type_id,
    typeName: row.type_name,
    name: row.name,
    canonicalName: row.canonical_name,
    aliases: row.aliases,
    description: row.description,
    properties: row.properties as Record<string, unknown>,
    location:
      row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A WGS 84 point as PostGIS geography, for storing and measuring. */
export function geographyPoint(point: { latitude: number; longitude: number }): RawBuilder<string> {
  return sql<string>`st_setsrid(st_makepoint(${point.longitude}::float8, ${point.latitude}::float8), 4326)::geography`;
}

/** One entity the caller can see, or undefined. */
export async function loadEntity(trx: Transaction<Database>, entityId: string): Promise<Entity | undefined> {
  const row = await entityColumns(trx).where("e.id", "=", entityId).executeTakeFirst();
  return row && toEntity(row);
}

const MAX_LISTED_DOCUMENTS = 100;

/** One entity with its mentions and the documents it appears in, all as far as the caller can see them. */
export async function loadEntityDetail(
  trx: Transaction<Database>,
  entityId: string,
): Promise<EntityDetail | undefined> {
  const entity = await loadEntity(trx, entityId);
  if (!entity) return undefined;
  const mentions = await trx
    .selectFrom("lore.entity_mentions as m")
    .innerJoin("lore.documents as d", "d.id", "m.document_id")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("m.entity_id", "=", entityId)
    .where("d.deleted_at", "is", null)
    .executeTakeFirstOrThrow();
  const documents = await trx
    .selectFrom("lore.entity_document_associations as a")
    .innerJoin("lore.documents as d", "d.id", "a.document_id")
    .select(["d.id", "d.title", "a.mention_count"])
    .where("a.entity_id", "=", entityId)
    .where("d.deleted_at", "is", null)
    .orderBy("a.mention_count", "desc")
    .orderBy("d.title")
    .orderBy("d.id")
    .limit(MAX_LISTED_DOCUMENTS)
    .execute();
  return {
    ...entity,
    mentionCount: Number(mentions.count),
    documents: documents.map((row) => ({ id: row.id, title: row.title, mentionCount: row.mention_count })),
  };
}

/** The ids among `entityIds` of entities the caller can see. */
export async function visibleEntityIds(trx: Transaction<Database>, entityIds: readonly string[]): Promise<Set<string>> {
  if (entityIds.length === 0) return new Set();
  const rows = await trx.selectFrom("lore.entities").select("id").where("id", "in", entityIds).execute();
  return new Set(rows.map((row) => row.id));
}
