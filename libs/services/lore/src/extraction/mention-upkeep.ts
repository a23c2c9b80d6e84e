import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/*
 * Upkeep of one document's mentions, associations and extracted entities, in a system
 * transaction (RLS bypassed: every statement names the organization).
 */

/** The document whose mentions are kept up. */
export interface MentionScope {
  organizationId: string;
  documentId: string;
}

/** A kept chunk of the current version and the older chunk with the same text whose mentions it takes. */
export interface MentionCopy {
  fromChunkId: string;
  toChunkId: string;
}

/** Deletes the mentions found in the given chunks; answers the entities they named. */
export async function deleteChunkMentions(
  trx: Transaction<Database>,
  { organizationId, documentId }: MentionScope,
  chunkIds: readonly string[],
): Promise<string[]> {
  if (chunkIds.length === 0) return [];
  const rows = await trx
    .deleteFrom("lore.entity_mentions")
    .where("organization_id", "=", organizationId)
    .where("document_id", "=", documentId)
    .where("chunk_id", "in", chunkIds)
    .returning("entity_id")
    .execute();
  return rows.map((row) => row.entity_id);
}

/**
 * Gives each kept chunk the mentions of the older chunk it keeps (replacing its own), shifted by
 * the difference of the chunks' starts, and moves relationship evidence along. Answers how many
 * mentions each kept chunk received, and the entities its replaced mentions named.
 */
export async function copyChunkMentions(
  trx: Transaction<Database>,
  scope: MentionScope,
  copies: readonly MentionCopy[],
): Promise<{ received: Map<string, number>; replaced: string[] }> {
  const received = new Map(copies.map((copy) => [copy.toChunkId, 0]));
  if (copies.length === 0) return { received, replaced: [] };
  const { organizationId, documentId } = scope;
  const replaced = await deleteChunkMentions(
    trx,
    scope,
    copies.map((copy) => copy.toChunkId),
  );
  const fromIds = copies.map((copy) => copy.fromChunkId);
  const toIds = copies.map((copy) => copy.toChunkId);
  const { rows } = await sql<{ chunk_id: string }>`
    insert into lore.entity_mentions
      (organization_id, entity_id, document_id, chunk_id, start_offset, end_offset, mention_text, confidence)
    select m.organization_id, m.entity_id, m.document_id, target.id,
      m.start_offset - source.start_offset + target.start_offset,
      m.end_offset - source.start_offset + target.start_offset,
      m.mention_text, m.confidence
    from unnest(${fromIds}::uuid[], ${toIds}::uuid[]) as copy (from_id, to_id)
    join lore.document_chunks source
      on source.id = copy.from_id and source.organization_id = ${organizationId} and source.document_id = ${documentId}
    join lore.document_chunks target
      on target.id = copy.to_id and target.organization_id = ${organizationId} and target.document_id = ${documentId}
    join lore.entity_mentions m
      on m.chunk_id = source.id and m.organization_id = ${organizationId} and m.document_id = ${documentId}
    where m.start_offset >= source.start_offset
    returning chunk_id
  `.execute(trx);
  for (const row of rows) received.set(row.chunk_id, (received.get(row.chunk_id) ?? 0) + 1);
  await sql`
    update lore.relationships r
    set evidence_chunk_id = copy.to_id
    from unnest(${fromIds}::uuid[], ${toIds}::uuid[]) as copy (from_id, to_id)
    where r.organization_id = ${organizationId} and r.evidence_chunk_id = copy.from_id
  `.execute(trx);
  return { received, replaced };
}

/**
 * Deletes the document's mentions that are not in a chunk of `version`, except those of an older
 * chunk whose text a chunk of `version` keeps while that chunk has no mentions yet (the part
 * copying them may still come). Answers the entities the deleted mentions named.
 */
export async function deleteStaleMentions(
  trx: Transaction<Database>,
  { organizationId, documentId }: MentionScope,
  version: number,
): Promise<string[]> {
  const { rows } = await sql<{ entity_id: string }>`
    delete from lore.entity_mentions m
    where m.organization_id = ${organizationId} and m.document_id = ${documentId}
      and not exists (
        select 1 from lore.document_chunks c
        where c.id = m.chunk_id and c.organization_id = ${organizationId} and c.version = ${version}
      )
      and not exists (
        select 1
        from lore.document_chunks older
        join lore.document_chunks kept
          on kept.organization_id = older.organization_id and kept.document_id = older.document_id
          and kept.version = ${version} and kept.content_hash = older.content_hash
        where older.id = m.chunk_id and older.organization_id = ${organizationId}
          and not exists (select 1 from lore.entity_mentions km where km.chunk_id = kept.id)
      )
    returning m.entity_id
  `.execute(trx);
  return rows.map((row) => row.entity_id);
}

/**
 * Sets the document's entity associations to what its mentions say: one row per mentioned entity
 * with its number of distinct mentioned spans (overlapping chunks repeat a mention), none for
 * an entity no longer mentioned. Answers the entities whose association was removed.
 */
export async function recountDocumentEntities(
  trx: Transaction<Database>,
  { organizationId, documentId }: MentionScope,
): Promise<string[]> {
  await sql`
    insert into lore.entity_document_associations (organization_id, entity_id, document_id, mention_count)
    select ${organizationId}, m.entity_id, ${documentId}, count(distinct (m.start_offset, m.end_offset))
    from lore.entity_mentions m
    where m.organization_id = ${organizationId} and m.document_id = ${documentId}
    group by m.entity_id
    order by m.entity_id
    on conflict (entity_id, document_id) do update set mention_count = excluded.mention_count
      where lore.entity_document_associations.mention_count <> excluded.mention_count
  `.execute(trx);
  const { rows } = await sql<{ entity_id: string }>`
    delete from lore.entity_document_associations a
    where a.organization_id = ${organizationId} and a.document_id = ${documentId}
      and not exists (
        select 1 from lore.entity_mentions m
        where m.entity_id = a.entity_id and m.document_id = ${documentId} and m.organization_id = ${organizationId}
      )
    returning a.entity_id
  `.execute(trx);
  return rows.map((row) => row.entity_id);
}

/**
 * Deletes those of the given entities that extraction created and nothing refers to any more: no
 * mention, no document association, no relationship. The candidates are locked first, so a
 * mention another transaction is adding to one of them is seen (or that transaction fails and is
 * retried) instead of being removed along with the entity.
 */
export async function deleteOrphanedExtractedEntities(
  trx: Transaction<Database>,
  organizationId: string,
  candidateIds: readonly string[],
): Promise<string[]> {
  const candidates = [...new Set(candidateIds)].sort();
  if (candidates.length === 0) return [];
  const locked = await trx
    .selectFrom("lore.entities")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", candidates)
    .where(sql<boolean>`properties ->> 'origin' = 'extraction'`)
    .orderBy("id")
    .forUpdate()
    .execute();
  if (locked.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    delete from lore.entities e
    where e.organization_id = ${organizationId} and e.id = any(${locked.map((row) => row.id)}::uuid[])
      and not exists (select 1 from lore.entity_mentions m where m.entity_id = e.id)
      and not exists (select 1 from lore.entity_document_associations a where a.entity_id = e.id)
      and not exists (select 1 from lore.relationships r where r.source_entity_id = e.id)
      and not exists (select 1 from lore.relationships r where r.target_entity_id = e.id)
    returning e.id
  `.execute(trx);
  return rows.map((row) => row.id);
}
