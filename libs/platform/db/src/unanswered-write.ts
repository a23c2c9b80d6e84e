import { sql, type OperationNodeSource, type Transaction } from "kysely";
import type { Database } from "./schema/database.generated";

/**
 * Sends a write whose answer the caller never reads without waiting for it: on a pipelined
 * connection it travels with the transaction's next statement, and its failure is raised by the
 * next statement the caller waits for or by the commit, which then rolls the transaction back.
 * The prefix is UNANSWERED_STATEMENT of the pipelined dialect.
 */
export async function sendUnanswered(trx: Transaction<Database>, write: OperationNodeSource): Promise<void> {
  await sql`/* unanswered */ ${write}`.execute(trx);
}
