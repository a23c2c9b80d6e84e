import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/**
 * Serializes changes to one organization's category tree until the transaction ends. Every
 * create, update, move and delete takes it before reading the tree, so the checks they make
 * (no cycle, free slug, free sibling name, parent still there) hold when they write: two
 * opposite moves cannot both pass the cycle check.
 */
export async function lockCategoryTree(trx: Transaction<Database>, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`lore.document_categories:${organizationId}`}, 0))`.execute(
    trx,
  );
}
