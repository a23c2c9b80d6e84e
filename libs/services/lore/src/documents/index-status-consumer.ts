import type { Database } from "@cauldron/db";
import type { EventPayload } from "@cauldron/events";
import type { ConsumerWorker } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";

/** The consumer group that follows the vector service's answers to `chunks.changed`. */
export const INDEX_STATUS_GROUP = "lore-index-status";

/**
 * Records one answered part of a version's chunks. Runs as the system (no RLS), so it names the
 * organization itself; an answer for a version the document has moved past changes nothing.
 * The last part answered makes the version indexed unless a part failed, which fails it.
 */
export async function recordEmbeddedPart(
  trx: Transaction<Database>,
  answer: EventPayload<"document_chunks.embedded">,
): Promise<void> {
  const failed = answer.outcome === "failed";
  const remaining = sql<number>`greatest(index_parts_pending - 1, 0)`;
  await trx
    .updateTable("lore.documents")
    .set({
      index_parts_pending: remaining,
      index_status: sql<string>`case
        when index_status = 'failed' or ${failed} then 'failed'
        when ${remaining} = 0 then 'indexed'
        else 'pending' end`,
      index_error: failed
        ? (answer.error ?? "The vector service could not embed this document's chunks")
        : sql<null>`index_error`,
      indexed_version: sql<number | null>`case
        when index_status <> 'failed' and not ${failed} and ${remaining} = 0 then ${answer.version}::int
        else indexed_version end`,
    })
    .where("organization_id", "=", answer.organizationId)
    .where("id", "=", answer.documentId)
    .where("current_version", "=", answer.version)
    .execute();
}

/** The consumer that keeps documents' indexing status as the vector service answers each chunk part. */
export function indexStatusConsumer(): ConsumerWorker {
  return {
    kind: "consumer",
    group: INDEX_STATUS_GROUP,
    // Answers sent while lore was down still settle the documents they are about.
    startFrom: "beginning",
    handlers: {
      "document_chunks.embedded": (event, trx) => recordEmbeddedPart(trx, event.payload),
    },
  };
}
