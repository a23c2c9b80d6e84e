import type { Database } from "@cauldron/db";
import type { EventPayload } from "@cauldron/events";
import { sql, type Transaction } from "kysely";
import type { ChunkText } from "./extract-chunks";
import type { MentionCopy } from "./mention-upkeep";

/** One part of a version's chunks, as lore announces it. */
export type ChunksChangedPart = EventPayload<"chunks.changed">;

/** What handling a part takes: chunks to extract, and kept chunks that take an older chunk's mentions. */
export interface ExtractionPlan {
  extract: ChunkText[];
  copies: MentionCopy[];
}

/** The document's current version, or undefined when it is gone (system transaction: organization filtered here). */
export async function currentVersionOf(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<number | undefined> {
  const document = await trx
    .selectFrom("lore.documents")
    .select("current_version")
    .where("organization_id", "=", organizationId)
    .where("id", "=", documentId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return document?.current_version;
}

async function chunkTexts(
  trx: Transaction<Database>,
  part: ChunksChangedPart,
  chunkIds: readonly string[],
): Promise<ChunkText[]> {
  if (chunkIds.length === 0) return [];
  const rows = await trx
    .selectFrom("lore.document_chunks")
    .select(["id", "start_offset", "content"])
    .where("organization_id", "=", part.organizationId)
    .where("document_id", "=", part.documentId)
    .where("version", "=", part.version)
    .where("id", "in", chunkIds)
    .orderBy("chunk_index")
    .execute();
  return rows.map((row) => ({ chunkId: row.id, start: row.start_offset, content: row.content }));
}

/**
 * For each kept chunk, an older chunk of the document with the same text that has mentions: the
 * one it was kept from when that has them, else the newest other (a skipped version may not have
 * received them).
 */
async function mentionSources(trx: Transaction<Database>, part: ChunksChangedPart): Promise<MentionCopy[]> {
  if (part.keep.length === 0) return [];
  const { organizationId, documentId, version } = part;
  const { rows } = await sql<{ to_id: string; from_id: string }>`
    select distinct on (keep.to_id) keep.to_id, source.id as from_id
    from unnest(${part.keep.map((keep) => keep.fromChunkId)}::uuid[], ${part.keep.map((keep) => keep.toChunkId)}::uuid[])
      as keep (from_id, to_id)
    join lore.document_chunks target
      on target.id = keep.to_id and target.organization_id = ${organizationId}
      and target.document_id = ${documentId} and target.version = ${version}
    join lore.document_chunks source
      on source.organization_id = ${organizationId} and source.document_id = ${documentId}
      and source.version < ${version} and source.content_hash = target.content_hash and source.content = target.content
    where exists (
      select 1 from lore.entity_mentions m where m.chunk_id = source.id and m.organization_id = ${organizationId}
    )
    order by keep.to_id, source.id = keep.from_id desc, source.version desc
  `.execute(trx);
  return rows.map((row) => ({ fromChunkId: row.from_id, toChunkId: row.to_id }));
}

/**
 * What handling `part` takes, or undefined when the document is gone or has moved past the part's
 * version (the newer version sends parts of its own). A kept chunk with no older mentions to take
 * (its text had none, or they were never recorded) is extracted again.
 */
export async function planExtraction(
  trx: Transaction<Database>,
  part: ChunksChangedPart,
): Promise<ExtractionPlan | undefined> {
  if ((await currentVersionOf(trx, part.organizationId, part.documentId)) !== part.version) return undefined;
  const copies = await mentionSources(trx, part);
  const copied = new Set(copies.map((copy) => copy.toChunkId));
  const toExtract = [
    ...part.embed.map((chunk) => chunk.chunkId),
    ...part.keep.map((keep) => keep.toChunkId).filter((chunkId) => !copied.has(chunkId)),
  ];
  return { extract: await chunkTexts(trx, part, [...new Set(toExtract)]), copies };
}
