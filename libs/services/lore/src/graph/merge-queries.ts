import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/*
 * The steps of merging source entities into a target, each one statement in the merge's
 * transaction. RLS confines them to what the caller sees.
 */

/** Moves the sources' mentions to the target; returns how many moved. */
export async function moveMentions(trx: Transaction<Database>, sourceIds: string[], targetId: string): Promise<number> {
  const result = await trx
    .updateTable("lore.entity_mentions")
    .set({ entity_id: targetId })
    .where("entity_id", "in", sourceIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Leaves the target one association per document, counting every merged entity's mentions there. */
export async function mergeDocumentAssociations(
  trx: Transaction<Database>,
  organizationId: string,
  sourceIds: string[],
  targetId: string,
): Promise<void> {
  await sql`
    insert into lore.entity_document_associations (organization_id, entity_id, document_id, mention_count, relevance)
    select ${organizationId}::uuid, ${targetId}::uuid, a.document_id, sum(a.mention_count)::int, max(a.relevance)
    from lore.entity_document_associations a
    where a.entity_id = any(${[...sourceIds, targetId]}::uuid[])
    group by a.document_id
    on conflict (entity_id, document_id)
      do update set mention_count = excluded.mention_count, relevance = excluded.relevance
  `.execute(trx);
  await trx.deleteFrom("lore.entity_document_associations").where("entity_id", "in", sourceIds).execute();
}

/**
 * The sources still found in documents after their visible associations moved: they appear in
 * documents the caller cannot see (lore.entity_found_in_documents looks past RLS).
 */
export async function sourcesInHiddenDocuments(trx: Transaction<Database>, sourceIds: string[]): Promise<string[]> {
  const result = await sql<{ id: string }>`
    select s.id from unnest(${sourceIds}::uuid[]) as s (id) where lore.entity_found_in_documents(s.id)
  `.execute(trx);
  return result.rows.map((row) => row.id);
}

/** What re-pointing relationships did. */
export interface RepointedRelationships {
  moved: number;
  dropped: number;
}

/**
 * Re-points the sources' relationships to the target. Ones between two merged entities would
 * become self loops and are dropped; where several would share (source, target, type), the one
 * with the highest confidence (then lowest weight, then the target's own) is kept and takes the
 * group's highest confidence and lowest weight.
 */
export async function repointRelationships(
  trx: Transaction<Database>,
  sourceIds: string[],
  targetId: string,
): Promise<RepointedRelationships> {
  const merged = [...sourceIds, targetId];
  const loops = await trx
    .deleteFrom("lore.relationships")
    .where("source_entity_id", "in", merged)
    .where("target_entity_id", "in", merged)
    .executeTakeFirst();
  const duplicates = await sql`
    with mapped as (
      select r.id, r.type_id, r.confidence, r.weight,
        case when r.source_entity_id = any(${sourceIds}::uuid[]) then ${targetId}::uuid else r.source_entity_id end as source_id,
        case when r.target_entity_id = any(${sourceIds}::uuid[]) then ${targetId}::uuid else r.target_entity_id end as target_id,
        (r.source_entity_id = any(${sourceIds}::uuid[]) or r.target_entity_id = any(${sourceIds}::uuid[])) as moving
      from lore.relationships r
      where r.source_entity_id = any(${merged}::uuid[]) or r.target_entity_id = any(${merged}::uuid[])
    ),
    ranked as (
      select id,
        row_number() over (partition by source_id, target_id, type_id order by confidence desc, weight, moving, id) as place,
        max(confidence) over (partition by source_id, target_id, type_id) as best_confidence,
        min(weight) over (partition by source_id, target_id, type_id) as best_weight
      from mapped
    ),
    kept as (
      update lore.relationships r set confidence = k.best_confidence, weight = k.best_weight
      from ranked k
      where k.id = r.id and k.place = 1 and (r.confidence <> k.best_confidence or r.weight <> k.best_weight)
    )
    delete from lore.relationships r using ranked k where k.id = r.id and k.place > 1
  `.execute(trx);
  const moved = await sql`
    update lore.relationships r set
      source_entity_id = case when r.source_entity_id = any(${sourceIds}::uuid[]) then ${targetId}::uuid else r.source_entity_id end,
      target_entity_id = case when r.target_entity_id = any(${sourceIds}::uuid[]) then ${targetId}::uuid else r.target_entity_id end
    where r.source_entity_id = any(${sourceIds}::uuid[]) or r.target_entity_id = any(${sourceIds}::uuid[])
  `.execute(trx);
  return {
    moved: Number(moved.numAffectedRows ?? 0),
    dropped: Number(loops.numDeletedRows) + Number(duplicates.numAffectedRows ?? 0),
  };
}
