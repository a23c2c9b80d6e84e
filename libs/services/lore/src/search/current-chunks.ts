import type { LoreSearchFilters } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import { documentFilterSql } from "./document-filter-sql";

/** A passage of a document's current version, with what a hit or a passage shows of it. */
export interface CurrentChunk {
  chunkId: string;
  documentId: string;
  title: string;
  version: number;
  chunkIndex: number;
  start: number;
  end: number;
  headingPath: string[];
  content: string;
}

/** The select list of a CurrentChunk over `lore.document_chunks c` joined to its document `d`. */
export const CURRENT_CHUNK_COLUMNS = sql`
  c.id as "chunkId", c.document_id as "documentId", d.title, c.version, c.chunk_index as "chunkIndex",
  c.start_offset as "start", c.end_offset as "end", c.heading_path as "headingPath", c.content`;

/** Joins `lore.document_chunks c` to its document `d`, keeping only chunks of the current version. */
export const CHUNKS_OF_CURRENT_VERSIONS = sql`
  (lore.document_chunks c join lore.documents d on d.id = c.document_id and d.current_version = c.version)`;

/** Ids of the current chunks of `documentIds` the caller may see (RLS), at most `limit` of them. */
export async function currentChunkIdsOf(
  trx: Transaction<Database>,
  documentIds: readonly string[],
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ chunkId: string }>`
    select c.id as "chunkId"
    from ${CHUNKS_OF_CURRENT_VERSIONS}
    where d.id = any(${documentIds}::uuid[])
    limit ${limit}
  `.execute(trx);
  return rows.map((row) => row.chunkId);
}

/**
 * The chunks among `chunkIds` that the caller may see (RLS), that belong to their document's
 * current version and that pass the filters; in no particular order.
 */
export async function loadCurrentChunks(
  trx: Transaction<Database>,
  chunkIds: readonly string[],
  filters: LoreSearchFilters,
): Promise<CurrentChunk[]> {
  if (chunkIds.length === 0) return [];
  const { rows } = await sql<CurrentChunk>`
    select ${CURRENT_CHUNK_COLUMNS}
    from ${CHUNKS_OF_CURRENT_VERSIONS}
    where c.id = any(${chunkIds}::uuid[]) and ${documentFilterSql(filters)}
  `.execute(trx);
  return rows;
}
