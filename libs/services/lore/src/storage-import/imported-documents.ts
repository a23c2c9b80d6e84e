import type { Database } from "@cauldron/db";
import { sql, type InferResult, type Transaction } from "kysely";
import { STORAGE_SOURCE, storageSourceUrl } from "./storage-origin-fields";

function importedColumns(trx: Transaction<Database>) {
  return trx.selectFrom("lore.documents").select(["id", "title", "status", "current_version", "metadata"]);
}

/** A document imported from a storage object, as keeping it in step with the object reads it. */
export type ImportedDocument = InferResult<ReturnType<typeof importedColumns>>[number];

/** The documents of the organization imported from the object (those `trx` may see), oldest first. */
export async function documentsImportedFrom(
  trx: Transaction<Database>,
  organizationId: string,
  objectId: string,
): Promise<ImportedDocument[]> {
  return importedColumns(trx)
    .where("organization_id", "=", organizationId)
    .where("source_url", "=", storageSourceUrl(objectId))
    .orderBy("created_at")
    .execute();
}

/** Serializes first imports of one object until the transaction ends, so two events cannot each create its document. */
export async function lockObjectImport(
  trx: Transaction<Database>,
  organizationId: string,
  objectId: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`lore.storage-import:${organizationId}:${objectId}`}, 0))`.execute(
    trx,
  );
}

/** Marks a document as imported from the object: source `storage`, source_url `storage:<objectId>`. */
export async function markImported(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
  objectId: string,
): Promise<void> {
  await trx
    .updateTable("lore.documents")
    .set({ source: STORAGE_SOURCE, source_url: storageSourceUrl(objectId) })
    .where("organization_id", "=", organizationId)
    .where("id", "=", documentId)
    .execute();
}
