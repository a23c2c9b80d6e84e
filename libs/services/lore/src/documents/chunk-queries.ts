import type { DocumentChunk } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { versionNotFound } from "./document-refusals";
import { requireCurrentVersion } from "./version-queries";

/**
 * The chunks of one version of a document (its current one by default), in order; NOT_FOUND for
 * a document the caller cannot see or a version it never had.
 */
export async function loadVersionChunks(
  trx: Transaction<Database>,
  organizationId: string,
  input: { id: string; version?: number },
): Promise<{ documentId: string; version: number; chunks: DocumentChunk[] }> {
  const current = await requireCurrentVersion(trx, organizationId, input.id);
  const version = input.version ?? current;
  if (version > current) throw versionNotFound(version);
  const rows = await trx
    .selectFrom("lore.document_chunks")
    .select(["id", "chunk_index", "start_offset", "end_offset", "content", "token_count", "heading_path"])
    .where("organization_id", "=", organizationId)
    .where("document_id", "=", input.id)
    .where("version", "=", version)
    .orderBy("chunk_index")
    .execute();
  return {
    documentId: input.id,
    version,
    chunks: rows.map((row) => ({
      id: row.id,
      index: row.chunk_index,
      start: row.start_offset,
      end: row.end_offset,
      content: row.content,
      tokenCount: row.token_count,
      headingPath: row.heading_path,
    })),
  };
}
