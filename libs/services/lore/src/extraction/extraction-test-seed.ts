import { createTenant, withSystem, type Database } from "@cauldron/db";
import type { SystemTransactionRunner } from "@cauldron/events";
import { sql, type Kysely } from "kysely";
import type { EntityExtractor, Extraction } from "./extracted";
import type { ChunksChangedPart } from "./extraction-plan";

/*
 * Rows the extraction tests stand on, written with SQL as the documents procedures would: an
 * organization, a document whose versions are cut into chunks, and the chunks.changed parts.
 */

/** A version's chunk as seeded: its id, offsets and text. */
export interface SeededChunk {
  id: string;
  start: number;
  end: number;
  content: string;
}

/** Runs work the way the platform runs a detached handler's transactions. */
export function systemRunner(db: Kysely<Database>): SystemTransactionRunner {
  return (work) => withSystem(db, work);
}

/** A new organization (with an owner and a team) to extract into. */
export async function seedOrganization(db: Kysely<Database>, label: string): Promise<string> {
  return (await withSystem(db, (trx) => createTenant(trx, label))).organizationId;
}

/** Cuts `text` into chunks at the given paragraph separator, keeping exact offsets. */
export function paragraphs(text: string, separator = "\n\n"): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (;;) {
    const at = text.indexOf(separator, start);
    const end = at === -1 ? text.length : at + separator.length;
    spans.push({ start, end });
    if (at === -1) return spans;
    start = end;
  }
}

async function insertChunks(
  db: Kysely<Database>,
  organizationId: string,
  documentId: string,
  version: number,
  text: string,
): Promise<SeededChunk[]> {
  return withSystem(db, async (trx) => {
    const chunks: SeededChunk[] = [];
    for (const [index, { start, end }] of paragraphs(text).entries()) {
      const content = text.slice(start, end);
      const row = await trx
        .insertInto("lore.document_chunks")
        .values({
          organization_id: organizationId,
          document_id: documentId,
          version,
          chunk_index: index,
          content,
          start_offset: start,
          end_offset: end,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      chunks.push({ id: row.id, start, end, content });
    }
    return chunks;
  });
}

/** A document at version 1 with `text`, one chunk per paragraph. */
export async function seedDocument(
  db: Kysely<Database>,
  organizationId: string,
  text: string,
): Promise<{ documentId: string; chunks: SeededChunk[] }> {
  const documentId = await withSystem(db, async (trx) => {
    const document = await trx
      .insertInto("lore.documents")
      .values({ organization_id: organizationId, title: "Notes", content: text })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("lore.document_versions")
      .values({ organization_id: organizationId, document_id: document.id, version: 1, title: "Notes", content: text })
      .execute();
    return document.id;
  });
  return { documentId, chunks: await insertChunks(db, organizationId, documentId, 1, text) };
}

/** Makes `text` the document's next version, one chunk per paragraph. */
export async function seedVersion(
  db: Kysely<Database>,
  organizationId: string,
  documentId: string,
  version: number,
  text: string,
): Promise<SeededChunk[]> {
  await withSystem(db, async (trx) => {
    await trx
      .updateTable("lore.documents")
      .set({ content: text, current_version: version })
      .where("id", "=", documentId)
      .execute();
    await trx
      .insertInto("lore.document_versions")
      .values({ organization_id: organizationId, document_id: documentId, version, title: "Notes", content: text })
      .execute();
  });
  return insertChunks(db, organizationId, documentId, version, text);
}

/**
 * The part announcing `chunks`: those whose text an earlier version's chunk has are kept from
 * it (as the documents procedures decide), the others are to embed.
 */
export function partOf(
  organizationId: string,
  documentId: string,
  version: number,
  chunks: readonly SeededChunk[],
  previous: readonly SeededChunk[] = [],
  { part = 0, parts = 1 } = {},
): ChunksChangedPart {
  const keep: ChunksChangedPart["keep"] = [];
  const embed: ChunksChangedPart["embed"] = [];
  for (const chunk of chunks) {
    const twin = previous.find((older) => older.content === chunk.content);
    if (twin) keep.push({ fromChunkId: twin.id, toChunkId: chunk.id });
    else embed.push({ chunkId: chunk.id, content: chunk.content });
  }
  return {
    organizationId,
    documentId,
    version,
    part,
    parts,
    teamIds: [],
    teamIdsAsOf: new Date().toISOString(),
    embed,
    keep,
  };
}

/** An extractor that answers from a script and remembers every text it was given. */
export function scriptedExtractor(answer: (text: string) => Extraction): EntityExtractor & { texts: string[] } {
  const texts: string[] = [];
  return {
    name: "scripted",
    texts,
    async extract(text) {
      texts.push(text);
      return answer(text);
    },
  };
}

/** Wraps an extractor to remember every text it was given. */
export function recording(extractor: EntityExtractor): EntityExtractor & { texts: string[] } {
  const texts: string[] = [];
  return {
    name: `recording ${extractor.name}`,
    texts,
    extract(text, signal) {
      texts.push(text);
      return extractor.extract(text, signal);
    },
  };
}

/** The document's mentions as stored, by start offset (read with a connection that sees every organization). */
export async function mentionsOf(db: Kysely<Database>, documentId: string) {
  const { rows } = await sql<{
    entity_id: string;
    entity_name: string;
    type_name: string;
    chunk_id: string | null;
    start_offset: number;
    end_offset: number;
    mention_text: string;
    confidence: number;
  }>`
    select m.entity_id, e.name as entity_name, t.name as type_name, m.chunk_id, m.start_offset, m.end_offset,
      m.mention_text, m.confidence
    from lore.entity_mentions m
    join lore.entities e on e.id = m.entity_id
    join lore.entity_types t on t.id = e.type_id
    where m.document_id = ${documentId}
    order by m.start_offset, m.end_offset, e.name
  `.execute(db);
  return rows;
}

/** The document's entity associations as stored: entity name → mention count. */
export async function associationsOf(db: Kysely<Database>, documentId: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; mention_count: number }>`
    select e.name, a.mention_count
    from lore.entity_document_associations a join lore.entities e on e.id = a.entity_id
    where a.document_id = ${documentId}
    order by e.name
  `.execute(db);
  return Object.fromEntries(rows.map((row) => [row.name, row.mention_count]));
}
