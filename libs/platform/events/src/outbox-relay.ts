import { withSystem, type Database } from "@cauldron/db";
import type { Redis } from "ioredis";
import { sql, type Kysely, type Transaction } from "kysely";
import { pino, type Logger } from "pino";
import { pause, retryDelay } from "./backoff";
import type { EventName } from "./catalog";
import { toStreamFields, type AnyDomainEvent, type EventMetadata } from "./domain-event";
import type { OutboxNotifications } from "./outbox-notifications";

export interface OutboxRelayOptions {
  db: Kysely<Database>;
  redis: Redis;
  streamKey: string;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /**
   * Wakes the relay as rows are appended. While it listens the relay only polls every
   * `listeningPollMs` as a safety net; without it (or while LISTEN is down) the relay polls from
   * `pollIntervalMs`, doubling while the outbox stays empty, up to `idlePollMaxMs`.
   */
  notifications?: OutboxNotifications;
  /** Wait before the next poll right after the outbox was found empty. */
  pollIntervalMs?: number;
  idlePollMaxMs?: number;
  listeningPollMs?: number;
  /** Told the outcome of every batch that found rows or failed (for metrics). */
  onBatch?: (result: RelayResult) => void;
  /**
   * Approximate cap on the stream's length (XADD MAXLEN ~). Redis 7 trims regardless of what
   * consumer groups have read, so keep it well above what a group can fall behind by.
   */
  maxStreamLength?: number;
  /** How long one batch may wait for Redis before it counts as failed. */
  publishTimeoutMs?: number;
  /** Backoff after a failed batch: doubles from base up to max while failures continue. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  logger?: Logger;
}

export interface RelayResult {
  published: number;
  failed: number;
}

export interface OutboxRelay {
  /** Starts the polling loop; calling it again while running does nothing. */
  start(): void;
  /** Stops polling after the in-flight batch has finished. */
  stop(): Promise<void>;
  /** Relays batches until the outbox is empty or a batch fails; for tests and one-off tooling. */
  drainOnce(): Promise<RelayResult>;
}

/** Moves committed outbox rows to the event stream; several replicas may run side by side. */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const {
    db,
    redis,
    streamKey,
    batchSize = 100,
    notifications,
    pollIntervalMs = 250,
    idlePollMaxMs = 5_000,
    listeningPollMs = 60_000,
    maxStreamLength = 100_000,
    publishTimeoutMs = 5_000,
    retryBaseMs = 500,
    // One failing query per replica every 5 s costs nothing, and events flow again within seconds
    // of a database or Redis coming back instead of after a long backoff.
    retryMaxMs = 5_000,
  } = options;
  const logger = (options.logger ?? pino({ level: "silent" })).child({ component: "outbox-relay", streamKey });
  let running: { controller: AbortController; loop: Promise<void> } | null = null;

  async function relayBatch(): Promise<RelayResult> {
    return withSystem(db, async (trx) => {
      // SKIP LOCKED lets each replica take rows no other replica holds; the lock lasts until the
      // row is marked, so no two replicas append the same row at the same time.
      const rows = await trx
        .selectFrom("integration.outbox")
        .select([
          "id",
          "event_type",
          "aggregate_type",
          "aggregate_id",
          "organization_id",
          "payload",
          "metadata",
          "occurred_at",
        ])
        .where("published_at", "is", null)
        .orderBy("occurred_at")
        .orderBy("position")
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return { published: 0, failed: 0 };

      const events = rows.map(
        (row): AnyDomainEvent =>
          ({
            id: row.id,
            type: row.event_type as EventName,
            organizationId: row.organization_id,
            occurredAt: new Date(row.occurred_at).toISOString(),
            aggregate: { type: row.aggregate_type, id: row.aggregate_id },
            payload: row.payload,
            metadata: row.metadata as EventMetadata,
          }) as AnyDomainEvent,
      );
      const errors = await appendToStream(events);
      const publishedIds = events.filter((_, index) => errors[index] === null).map((event) => event.id);
      const failed = events.flatMap((event, index) => {
        const error = errors[index];
        return error ? [{ id: event.id, error }] : [];
      });
      await markPublished(trx, publishedIds);
      await recordFailures(trx, failed);
      if (failed.length > 0) {
        logger.warn({ failed: failed.length, error: failed[0]?.error }, "could not append outbox events to the stream");
      }
      return { published: publishedIds.length, failed: failed.length };
    });
  }

  /** Appends the events in one round trip; returns, per event, null or why it failed. */
  async function appendToStream(events: AnyDomainEvent[]): Promise<(string | null)[]> {
    const pipeline = redis.pipeline();
    for (const event of events) {
      pipeline.xadd(streamKey, "MAXLEN", "~", maxStreamLength, "*", ...toStreamFields(event));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), publishTimeoutMs);
    });
    try {
      // On timeout the commands may still reach Redis later; that only duplicates entries,
      // which consumers drop by event id.
      const replies = await Promise.race([pipeline.exec(), timeout]);
      if (replies === "timeout") return events.map(() => `Redis did not answer within ${publishTimeoutMs} ms`);
      if (replies === null) return events.map(() => "Redis pipeline was discarded");
      return events.map((_, index) => {
        const error = replies[index]?.[0];
        return error ? error.message : null;
      });
    } catch (error) {
      return events.map(() => (error instanceof Error ? error.message : String(error)));
    } finally {
      clearTimeout(timer);
    }
  }

  async function drainOnce(): Promise<RelayResult> {
    const total: RelayResult = { published: 0, failed: 0 };
    for (;;) {
      const result = await relayBatch();
      total.published += result.published;
      total.failed += result.failed;
      if (result.failed > 0 || result.published < batchSize) return total;
    }
  }

  /** How long to wait for new rows after finding the outbox empty `emptyPolls` times in a row. */
  function idleWait(emptyPolls: number): number {
    if (notifications?.listening) return listeningPollMs;
    return retryDelay(emptyPolls, pollIntervalMs, Math.max(pollIntervalMs, idlePollMaxMs));
  }

  async function loop(signal: AbortSignal): Promise<void> {
    let consecutiveFailures = 0;
    let emptyPolls = 0;
    while (!signal.aborted) {
      let result: RelayResult | null = null;
      try {
        result = await relayBatch();
      } catch (error) {
        logger.error({ err: error }, "outbox relay batch failed");
      }
      if (result === null || result.failed > 0) {
        options.onBatch?.(result ?? { published: 0, failed: 1 });
        consecutiveFailures += 1;
        await pause(retryDelay(consecutiveFailures, retryBaseMs, retryMaxMs), signal);
        continue;
      }
      consecutiveFailures = 0;
      if (result.published > 0) options.onBatch?.(result);
      if (result.published >= batchSize) continue;
      emptyPolls = result.published === 0 ? emptyPolls + 1 : 1;
      const wait = idleWait(emptyPolls);
      await (notifications ? notifications.next(wait, signal) : pause(wait, signal));
    }
  }

  return {
    start() {
      if (running) return;
      const controller = new AbortController();
      running = { controller, loop: loop(controller.signal) };
      logger.info("outbox relay started");
    },
    async stop() {
      if (!running) return;
      const { controller, loop: current } = running;
      running = null;
      controller.abort();
      await current;
      logger.info("outbox relay stopped");
    },
    drainOnce,
  };
}

async function markPublished(trx: Transaction<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable("integration.outbox")
    .set({ published_at: sql`now()`, publish_attempts: sql`publish_attempts + 1`, last_error: null })
    .where("id", "in", ids)
    .execute();
}

async function recordFailures(trx: Transaction<Database>, failures: { id: string; error: string }[]): Promise<void> {
  // A Redis outage fails a whole batch with one error, so group to update once per distinct error.
  const idsByError = new Map<string, string[]>();
  for (const { id, error } of failures) idsByError.set(error, [...(idsByError.get(error) ?? []), id]);
  for (const [error, ids] of idsByError) {
    await trx
      .updateTable("integration.outbox")
      .set({ publish_attempts: sql`publish_attempts + 1`, last_error: error })
      .where("id", "in", ids)
      .execute();
  }
}
