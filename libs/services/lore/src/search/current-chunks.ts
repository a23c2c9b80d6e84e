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

/**
 * The ids the embeddings of the current chunks of `documentIds` the caller may see (RLS) are
 * stored under, at most `limit` of them: a kept chunk's embedding stays under the chunk its text
 * was first embedded for, and (stored before chunks kept their lineage) may be under the chunk itself.
 */
export async function currentEmbeddingIdsOf(
  trx: Transaction<Database>,
  documentIds: readonly string[],
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ embeddingId: string }>`
    select distinct stored.id as "embeddingId"
    from ${CHUNKS_OF_CURRENT_VERSIONS}
    cross join lateral (values (c.id), (c.embedded_as)) as stored (id)
    where d.id = any(${documentIds}::uuid[]) and stored.id is not null
    limit ${limit}
  `.execute(trx);
  return rows.map((row) => row.embeddingId);
}

/** A current chunk found through its embedding, with the chunk that embedding may be stored under. */
export type EmbeddedChunk = CurrentChunk & { embeddedAs: string | null };

/**
 * The current chunks whose embeddings are stored under `embeddingIds` (their own id, or the
 * chunk their text was first embedded for) that the caller may see (RLS) and that pass the
 * filters; in no particular order.
 */
export async function loadCurrentChunks(
  trx: Transaction<Database>,
  embeddingIds: readonly string[],
  filters: LoreSearchFilters,
): Promise<EmbeddedChunk[]> {
  if (embeddingIds.length === 0) return [];
  const { rows } = await sql<EmbeddedChunk>`
    select ${CURRENT_CHUNK_COLUMNS}, c.embedded_as as "embeddedAs"
    from ${CHUNKS_OF_CURRENT_VERSIONS}
    where (c.id = any(${embeddingIds}::uuid[]) or c.embedded_as = any(${embeddingIds}::uuid[]))
      and ${documentFilterSql(filters)}
  `.execute(trx);
  return rows;
}
