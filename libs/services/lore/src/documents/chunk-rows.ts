import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { HashedChunk } from "./chunk-changes";

/** A chunk cut from a version's text, before it is stored. */
export interface ChunkDraft {
  index: number;
  /** Character offsets into the version's text (end exclusive). */
  start: number;
  end: number;
  content: string;
  tokenCount: number;
  headingPath: string[];
}

/** A stored chunk with its text, as a new version's chunks are announced. */
export interface StoredChunk {
  id: string;
  content: string;
}

/** The chunk rows of one version of a document. */
export interface VersionChunks {
  organizationId: string;
  documentId: string;
  version: number;
}

// Ten parameters a row: well under Postgres' 65,535 per statement.
const ROWS_PER_INSERT = 1_000;

const hashHex = sql<string>`encode(content_hash, 'hex')`;

/**
 * Stores a version's chunks, each kept chunk naming the chunk its embedding is stored under
 * (`embeddedAs`, by position; none for new text); answers them in order with their ids.
 */
export async function insertChunks(
  trx: Transaction<Database>,
  target: VersionChunks,
  drafts: readonly ChunkDraft[],
  embeddedAs: readonly (string | null)[] = [],
): Promise<StoredChunk[]> {
  const stored: StoredChunk[] = [];
  for (let offset = 0; offset < drafts.length; offset += ROWS_PER_INSERT) {
    const rows = await trx
      .insertInto("lore.document_chunks")
      .values(
        drafts.slice(offset, offset + ROWS_PER_INSERT).map((draft, index) => ({
          organization_id: target.organizationId,
          document_id: target.documentId,
          version: target.version,
          chunk_index: draft.index,
          content: draft.content,
          token_count: draft.tokenCount,
          start_offset: draft.start,
          end_offset: draft.end,
          heading_path: draft.headingPath,
          embedded_as: embeddedAs[offset + index] ?? null,
        })),
      )
      .returning(["id", "chunk_index", "content"])
      .execute();
    stored.push(...rows.sort((left, right) => left.chunk_index - right.chunk_index));
  }
  return stored.map(({ id, content }) => ({ id, content }));
}

/** The chunk ids, hashes and embedding lineage of a version, in order. */
export async function chunkHashes(trx: Transaction<Database>, source: VersionChunks): Promise<HashedChunk[]> {
  return trx
    .selectFrom("lore.document_chunks")
    .select(["id", hashHex.as("hash"), "embedded_as as embeddedAs"])
    .where("organization_id", "=", source.organizationId)
    .where("document_id", "=", source.documentId)
    .where("version", "=", source.version)
    .orderBy("chunk_index")
    .execute();
}

/**
 * Carries a version's chunks over to the next version unchanged (new rows, same text, offsets and
 * embeddings), for a change that leaves the text alone; answers each pair of old and new ids in
 * order, with the chunk the embedding stays stored under.
 */
export async function copyChunksToVersion(
  trx: Transaction<Database>,
  source: VersionChunks,
  version: number,
): Promise<{ fromChunkId: string; toChunkId: string; embeddedAs: string }[]> {
  const previous = await trx
    .selectFrom("lore.document_chunks")
    .select(["id", "chunk_index"])
    .where("organization_id", "=", source.organizationId)
    .where("document_id", "=", source.documentId)
    .where("version", "=", source.version)
    .execute();
  const previousIdAt = new Map(previous.map((row) => [row.chunk_index, row.id]));
  const copied = await trx
    .insertInto("lore.document_chunks")
    .columns([
      "organization_id",
      "document_id",
      "version",
      "chunk_index",
      "content",
      "token_count",
      "start_offset",
      "end_offset",
      "heading_path",
      "metadata",
      "embedded_as",
    ])
    .expression((eb) =>
      eb
        .selectFrom("lore.document_chunks")
        .select([
          "organization_id",
          "document_id",
          eb.val(version).as("version"),
          "chunk_index",
          "content",
          "token_count",
          "start_offset",
          "end_offset",
          "heading_path",
          "metadata",
          eb.fn.coalesce("embedded_as", "id").as("embedded_as"),
        ])
        .where("organization_id", "=", source.organizationId)
        .where("document_id", "=", source.documentId)
        .where("version", "=", source.version),
    )
    .returning(["id", "chunk_index", "embedded_as"])
    .execute();
  return copied
    .sort((left, right) => left.chunk_index - right.chunk_index)
    .map((row) => ({
      fromChunkId: previousIdAt.get(row.chunk_index) as string,
      toChunkId: row.id,
      embeddedAs: row.embedded_as as string,
    }));
}
