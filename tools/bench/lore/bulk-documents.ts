import { randomUUID } from "node:crypto";
import { CHUNKS_PER_EVENT } from "@cauldron/contracts";
import { withTenant, type Database } from "@cauldron/db";
import type { Kysely, Transaction } from "kysely";
import { count } from "../vector/findings-table";
import type { BenchTenant } from "../vector/vector-bench-stack";
import type { WrittenDocument } from "./written-document";

const BATCH = 50;
const LANES = 2;
// Ten parameters a chunk row: well under Postgres' 65,535 per statement.
const CHUNK_ROWS_PER_INSERT = 1_000;
const PROGRESS_EVERY_MS = 5_000;

/** A chunk written in bulk, with what its embedding's metadata names. */
export interface BulkChunk {
  chunkId: string;
  documentId: string;
  content: string;
  /** The `chunks.changed` part lore would have sent it in. */
  part: number;
  /** The document's updated_at (ISO), which lore sends as the team access' time. */
  teamIdsAsOf: string;
}

/** What a bulk write produced: document ids in the order given, and every chunk. */
export interface BulkWrite {
  ids: string[];
  chunks: BulkChunk[];
}

/**
 * Writes documents, their first versions and chunks by SQL as the tenant, 50 a transaction, in
 * the shape lore.documents.create writes them (status published, version 1). With `indexed`, the
 * documents say their version 1 is indexed: for when the chunks' embeddings are written too.
 */
export async function bulkWriteDocuments(
  db: Kysely<Database>,
  tenant: BenchTenant,
  documents: readonly WrittenDocument[],
  options: { indexed: boolean },
  progress: (text: string) => void,
): Promise<BulkWrite> {
  const ids = documents.map(() => randomUUID());
  const chunks: BulkChunk[] = [];
  let next = 0;
  let reported = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let from = next; from < documents.length; from = next) {
        next += BATCH;
        const batch = documents
          .slice(from, from + BATCH)
          .map((written, index) => ({ id: ids[from + index]!, written }));
        chunks.push(...(await withTenant(db, tenant, (trx) => writeBatch(trx, tenant, batch, options))));
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          progress(`written ${count(Math.min(next, documents.length))} of ${count(documents.length)} documents`);
        }
      }
    }),
  );
  return { ids, chunks };
}

async function writeBatch(
  trx: Transaction<Database>,
  tenant: BenchTenant,
  batch: readonly { id: string; written: WrittenDocument }[],
  options: { indexed: boolean },
): Promise<BulkChunk[]> {
  const { organizationId, userId } = tenant;
  const stored = await trx
    .insertInto("lore.documents")
    .values(
      batch.map(({ id, written }) => ({
        id,
        organization_id: organizationId,
        title: written.document.title,
        content: written.document.content,
        content_type: written.document.contentType,
        status: written.document.status,
        metadata: JSON.stringify(written.document.metadata),
        created_by: userId,
        current_version: 1,
        index_status: options.indexed ? "indexed" : "pending",
        indexed_version: options.indexed ? 1 : null,
      })),
    )
    .returning(["id", "updated_at"])
    .execute();
  await trx
    .insertInto("lore.document_versions")
    .values(
      batch.flatMap(({ id, written }) =>
        written.versions.map((version) => ({
          organization_id: organizationId,
          document_id: id,
          version: version.version,
          title: version.title,
          content: version.content,
          content_type: version.contentType,
          metadata: JSON.stringify(version.metadata),
          created_by: userId,
        })),
      ),
    )
    .execute();
  const updatedAt = new Map(stored.map((row) => [row.id, row.updated_at.toISOString()]));
  const chunks = batch.flatMap(({ id, written }) =>
    written.chunks.map((chunk, position) => ({
      ...chunk,
      chunkId: randomUUID(),
      documentId: id,
      part: Math.floor(position / CHUNKS_PER_EVENT),
      teamIdsAsOf: updatedAt.get(id)!,
    })),
  );
  for (let from = 0; from < chunks.length; from += CHUNK_ROWS_PER_INSERT) {
    await trx
      .insertInto("lore.document_chunks")
      .values(
        chunks.slice(from, from + CHUNK_ROWS_PER_INSERT).map((chunk) => ({
          id: chunk.chunkId,
          organization_id: organizationId,
          document_id: chunk.documentId,
          version: chunk.version,
          chunk_index: chunk.chunkIndex,
          content: chunk.content,
          token_count: chunk.tokenCount,
          start_offset: chunk.startOffset,
          end_offset: chunk.endOffset,
          heading_path: chunk.headingPath,
        })),
      )
      .execute();
  }
  return chunks.map(({ chunkId, documentId, content, part, teamIdsAsOf }) => ({
    chunkId,
    documentId,
    content,
    part,
    teamIdsAsOf,
  }));
}
