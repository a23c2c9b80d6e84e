import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { BenchTenant } from "../vector/vector-bench-stack";
import type { WrittenDocument } from "./written-document";

const INSERT_DOCUMENTS = `
  insert into lore.documents (id, organization_id, title, content, content_type, status, metadata, created_by)
  select r.id, $1, r.title, r.content, r."contentType", r.status, r.metadata, $2
  from jsonb_to_recordset($3::jsonb) as r(id uuid, title text, content text, "contentType" text, status text, metadata jsonb)`;

const INSERT_VERSIONS = `
  insert into lore.document_versions (organization_id, document_id, version, title, content, content_type, metadata, created_by)
  select $1, r."documentId", r.version, r.title, r.content, r."contentType", r.metadata, $2
  from jsonb_to_recordset($3::jsonb)
    as r("documentId" uuid, version int, title text, content text, "contentType" text, metadata jsonb)`;

const INSERT_CHUNKS = `
  insert into lore.document_chunks
    (organization_id, document_id, version, chunk_index, content, token_count, start_offset, end_offset, metadata, heading_path)
  select $1, r."documentId", r.version, r."chunkIndex", r.content, r."tokenCount", r."startOffset", r."endOffset",
    r.metadata, r."headingPath"
  from jsonb_to_recordset($2::jsonb) as r("documentId" uuid, version int, "chunkIndex" int, content text,
    "tokenCount" int, "startOffset" int, "endOffset" int, metadata jsonb, "headingPath" text[])`;

/**
 * The SQL baseline of ingestion: the same document, version and chunk rows (lore's chunker output,
 * read back) inserted by plain SQL as the tenant, `batchSize` documents per transaction in one
 * round trip, `lanes` transactions at a time. No extraction, chunking, links, audit or events.
 * Returns the seconds it took.
 */
export async function insertWithSql(
  pool: pg.Pool,
  tenant: BenchTenant,
  documents: readonly WrittenDocument[],
  options: { batchSize: number; lanes: number },
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.lanes }, async () => {
      for (let from = next; from < documents.length; from = next) {
        next += options.batchSize;
        await insertBatch(pool, tenant, documents.slice(from, from + options.batchSize));
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function insertBatch(pool: pg.Pool, tenant: BenchTenant, batch: readonly WrittenDocument[]): Promise<void> {
  const ids = batch.map(() => randomUUID());
  const documents = batch.map((written, index) => ({ id: ids[index], ...written.document }));
  const versions = batch.flatMap((written, index) =>
    written.versions.map((version) => ({ documentId: ids[index], ...version })),
  );
  const chunks = batch.flatMap((written, index) =>
    written.chunks.map((chunk) => ({ documentId: ids[index], ...chunk })),
  );
  const { organizationId, userId } = tenant;
  const connection = await pool.connect();
  try {
    await Promise.all([
      connection.query("begin"),
      connection.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
        userId,
        organizationId,
      ]),
      connection.query(INSERT_DOCUMENTS, [organizationId, userId, JSON.stringify(documents)]),
      connection.query(INSERT_VERSIONS, [organizationId, userId, JSON.stringify(versions)]),
      connection.query(INSERT_CHUNKS, [organizationId, JSON.stringify(chunks)]),
      connection.query("commit"),
    ]);
  } catch (error) {
    await connection.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}
