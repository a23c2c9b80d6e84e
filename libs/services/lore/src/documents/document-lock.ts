import type { Database } from "@cauldron/db";
import type { InferResult, Transaction } from "kysely";

function lockedColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("lore.documents")
    .select([
      "id",
      "title",
      "slug",
      "status",
      "content",
      "content_type",
      "metadata",
      "current_version",
      "team_ids",
      "archived_from_status",
    ]);
}

/** A document's row as a change reads it, locked until the change's transaction ends. */
export type LockedDocument = InferResult<ReturnType<typeof lockedColumns>>[number];

/**
 * Reads and locks (FOR UPDATE) a document the caller may see, or undefined: a concurrent change
 * waits here, then sees the version this one wrote.
 */
export async function lockDocument(
  trx: Transaction<Database>,
  organizationId: string,
  documentId: string,
): Promise<LockedDocument | undefined> {
  return lockedColumns(trx)
    .where("organization_id", "=", organizationId)
    .where("id", "=", documentId)
    .forUpdate()
    .executeTakeFirst();
}
