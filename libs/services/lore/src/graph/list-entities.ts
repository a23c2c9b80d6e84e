import type { EntityListItem, listEntitiesInputSchema, Page } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import { sql, type RawBuilder, type Transaction } from "kysely";
import type { z } from "zod";
import { decodeRankCursor, pastRankKey, toRankedPage } from "./entity-list-cursor";
import { entityColumns, geographyPoint, toEntity, type EntityRow } from "./entity-queries";
import { useTrigramThreshold } from "./trigram-threshold";

type ListEntitiesInput = z.infer<typeof listEntitiesInputSchema>;

// pg_trgm's own default: short texts ("Ada") still reach longer names ("Ada Lovelace").
const TEXT_MATCH_THRESHOLD = 0.3;

function toListItem(row: EntityRow & { similarity: number | null; distance_meters: number | null }): EntityListItem {
  return { ...toEntity(row), similarity: row.similarity, distanceMeters: row.distance_meters };
}

/**
 * The entities the caller can see, a page at a time: matching `text` (an alias under its
 * normalized form ranks 1, else the name's trigram similarity; best first), of one type, within a
 * radius of a point (nearest first when there is no text); by name otherwise.
 */
export async function listEntities(
  trx: Transaction<Database>,
  input: ListEntitiesInput,
): Promise<Page<EntityListItem>> {
  const { text, near, limit } = input;
  if (text !== undefined) await useTrigramThreshold(trx, TEXT_MATCH_THRESHOLD);
  const aliasMatch = sql<boolean>`lore.name_keys(e.aliases) && lore.name_keys(array[${text ?? null}]::text[])`;
  const similarity = sql<number>`(case when ${aliasMatch} then 1 else similarity(e.name, ${text ?? null}) end)::float8`;
  const point = near ? geographyPoint(near) : null;
  const distance = sql<number>`st_distance(e.location, ${point})`;
  const noRank = sql<number | null>`null::float8`;

  const query = entityColumns(trx)
    .select([
      (text === undefined ? noRank : (similarity as RawBuilder<number | null>)).as("similarity"),
      (point === null ? noRank : (distance as RawBuilder<number | null>)).as("distance_meters"),
    ])
    .$if(input.typeId !== undefined, (q) => q.where("e.type_id", "=", input.typeId as string))
    .$if(text !== undefined, (q) => q.where(sql<boolean>`(e.name % ${text} or ${aliasMatch})`))
    .$if(near !== undefined, (q) =>
      q.where(sql<boolean>`st_dwithin(e.location, ${point}, ${near?.radiusMeters ?? 0}::float8)`),
    );

  if (text !== undefined || near !== undefined) {
    const rank = text !== undefined ? similarity : distance;
    const best = text !== undefined ? "highest" : "lowest";
    const rows = await query
      .where(pastRankKey(rank, best, decodeRankCursor(input.cursor)))
      .orderBy(rank, best === "highest" ? "desc" : "asc")
      .orderBy("e.id")
      .limit(limit + 1)
      .execute();
    return toRankedPage(
      rows,
      limit,
      toListItem,
      (row) => (text !== undefined ? row.similarity : row.distance_meters) ?? 0,
    );
  }
  const rows = await query
    .where(pastNameKey({ name: "e.name", id: "e.id" }, decodeNameCursor(input.cursor)))
    .orderBy("e.name")
    .orderBy("e.id")
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, toListItem, (row) => ({ name: row.name, id: row.id }));
}
