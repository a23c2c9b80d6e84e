import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

export interface EventRetentionOptions {
  /** Relayed outbox rows older than this (by publication) go; unrelayed rows always stay. */
  outboxRetentionSeconds: number;
  /**
   * Processed-event records older than this go. Keep it above the stream's reach: a consumer that
   * meets an event again after its record is gone would handle it twice.
   */
  processedRetentionSeconds: number;
  /** The most rows one call deletes from each table, so each call stays a short transaction. */
  limit?: number;
}

export interface PrunedEvents {
  outbox: number;
  processed: number;
}

const DEFAULT_LIMIT = 5_000;

/**
 * Deletes relayed outbox rows and processed-event records past their retention, at most `limit`
 * of each; call again while either count equals the limit. Run it as the system role.
 */
export async function pruneEventRecords(
  trx: Transaction<Database>,
  options: EventRetentionOptions,
): Promise<PrunedEvents> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const outbox = await sql`
    delete from integration.outbox
    where id in (
      select id from integration.outbox
      where published_at < now() - make_interval(secs => ${options.outboxRetentionSeconds})
      limit ${limit}
    )
  `.execute(trx);
  const processed = await sql`
    delete from integration.processed_events
    where (consumer, event_id) in (
      select consumer, event_id from integration.processed_events
      where processed_at < now() - make_interval(secs => ${options.processedRetentionSeconds})
      limit ${limit}
    )
  `.execute(trx);
  return { outbox: Number(outbox.numAffectedRows ?? 0), processed: Number(processed.numAffectedRows ?? 0) };
}
