import type { DocumentVersion, DocumentVersionSummary, Page } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { DOCUMENT_NOT_FOUND, versionNotFound } from "./document-refusals";
import { decodeVersionCursor, encodeVersionCursor } from "./version-cursor";

/** The document's current version number; NOT_FOUND when the caller cannot see the document. */
export async function requireCurrentVersion(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<number> {
  const row = await trx
    .selectFrom("lore.documents")
    .select("current_version")
    .where("organization_id", "=", organizationId)
    .where("id", "=", documentId)
    .executeTakeFirst();
  return requireFound(row, DOCUMENT_NOT_FOUND).current_version;
}

/** The document's versions, newest first, a page at a time. */
export async function listVersions(
  trx: Transaction<Database>,
  organizationId: string,
  input: { id: string; limit: number; cursor?: string },
): Promise<Page<DocumentVersionSummary>> {
  const before = decodeVersionCursor(input.cursor);
  await requireCurrentVersion(trx, organizationId, input.id);
  const rows = await trx
    .selectFrom("lore.document_versions")
    .select(["version", "title", "content_type", "change_note", "created_by", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("document_id", "=", input.id)
    .$if(before !== null, (query) => query.where("version", "<", before as number))
    .orderBy("version", "desc")
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      version: row.version,
      title: row.title,
      contentType: row.content_type,
      changeNote: row.change_note,
      createdBy: row.created_by,
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > input.limit && last ? encodeVersionCursor(last.version) : null,
  };
}

/** One version of a document with its text; NOT_FOUND for a document the caller cannot see or a version it never had. */
export async function requireVersion(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  version: number,
): Promise<DocumentVersion> {
  await requireCurrentVersion(trx, organizationId, documentId);
  const row = await trx
    .selectFrom("lore.document_versions")
    .select(["version", "title", "content", "content_type", "metadata", "change_note", "created_by", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("document_id", "=", documentId)
    .where("version", "=", version)
    .executeTakeFirst();
  if (!row) throw versionNotFound(version);
  return {
    documentId,
    version: row.version,
    title: row.title,
    content: row.content,
    contentType: row.content_type,
    metadata: row.metadata as Record<string, unknown>,
    changeNote: row.change_note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
