import type { listRelationshipsInputSchema, Page, Relationship } from "@cauldron/contracts";
import { decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { z } from "zod";

function relationshipColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("lore.relationships as r")
    .innerJoin("lore.relationship_types as t", "t.id", "r.type_id")
    .select([
      "r.id",
      "r.source_entity_id",
      "r.target_entity_id",
      "r.type_id",
      "t.name as type_name",
      "r.weight",
      "r.confidence",
      "r.properties",
      "r.evidence_chunk_id",
      "r.created_at",
      "r.updated_at",
      preciseTime("r.created_at").as("created_key"),
    ]);
}

type RelationshipRow = Awaited<ReturnType<ReturnType<typeof relationshipColumns>["executeTakeFirstOrThrow"]>>;

function toRelationship(row: RelationshipRow): Relationship {
  return {
    id: row.id,
    sourceEntityId: row.source_entity_id,
    targetEntityId: row.target_entity_id,
    typeId: row.type_id,
    typeName: row.type_name,
    weight: row.weight,
    confidence: row.confidence,
    properties: row.properties as Record<string, unknown>,
    evidenceChunkId: row.evidence_chunk_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One relationship the caller can see (both its entities visible), or undefined. */
export async function loadRelationship(
  trx: Transaction<Database>,
  relationshipId: string,
): Promise<Relationship | undefined> {
  const row = await relationshipColumns(trx).where("r.id", "=", relationshipId).executeTakeFirst();
  return row && toRelationship(row);
}

/** The relationships the caller can see, oldest first: of one entity (leaving, reaching or both), of one type. */
export async function listRelationships(
  trx: Transaction<Database>,
  input: z.infer<typeof listRelationshipsInputSchema>,
): Promise<Page<Relationship>> {
  const after = decodeTimeCursor(input.cursor);
  const { entityId, direction } = input;
  const rows = await relationshipColumns(trx)
    .$if(entityId !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          ...(direction !== "in" ? [eb("r.source_entity_id", "=", entityId as string)] : []),
          ...(direction !== "out" ? [eb("r.target_entity_id", "=", entityId as string)] : []),
        ]),
      ),
    )
    .$if(input.typeId !== undefined, (q) => q.where("r.type_id", "=", input.typeId as string))
    .where(pastTimeKey({ time: "r.created_at", id: "r.id" }, after, "after"))
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toRelationship, (row) => ({ at: row.created_key, id: row.id }));
}
