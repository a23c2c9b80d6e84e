import type { Database } from "@cauldron/db";
import type { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { pino, type Logger } from "pino";
import { pause, retryDelay } from "./backoff";
import { deliverEntry, type DeliveryOutcome, type EventDelivery, type EventHandlers } from "./event-delivery";
import { claimDueEntries } from "./pending-entries";
import { replayStreamKey } from "./replay-stream-key";
import { entriesOfReadReply, type StreamEntry } from "./stream-replies";

const FINISH_IN_HAND_MS = 5_000;

export interface EventConsumerOptions {
  redis: Redis;
  db: Kysely<Database>;
  streamKey: string;
  /** The consumer group: one per service, shared by its replicas; also the idempotency scope. */
  group: string;
  /** Unique per replica (e.g. service name plus host name). */
  consumerName: string;
  handlers: EventHandlers;
  deadLetterKey: string;
  /** Deliveries before a failing event moves to the dead-letter stream. */
  maxAttempts?: number;
  /** Backoff before retrying a failed event: doubles per delivery from base up to max. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Idle time after which another consumer's unacknowledged entry is taken over. */
  claimIdleMs?: number;
  /**
   * Longest single XREADGROUP block. Reads end early for the pending-entry check, which runs every
   * `min(retryBaseMs, claimIdleMs)` while entries wait for a retry and every `claimIdleMs` otherwise.
   */
  blockMs?: number;
  batchSize?: number;
  /** Where a newly created group starts: only events appended from now on, or the whole stream. */
  startFrom?: "new" | "beginning";
  deadLetterMaxLength?: number;
  logger?: Logger;
  /** Told the outcome of every delivery (for metrics). */
  onDelivery?: (outcome: DeliveryOutcome) => void;
}

export interface EventConsumer {
  /** Creates the consumer group if needed and starts reading; resolves once the group exists. */
  start(): Promise<void>;
  /**
   * Stops reading and handles the entries already read (within a few seconds); entries waiting
   * for a retry stay pending for another replica to take over.
   */
  stop(): Promise<void>;
}

/**
 * Reads the event stream as one member of a consumer group and dispatches events to typed handlers;
 * it also reads the group's replay stream, where dead letters of this group are queued again.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const {
    redis,
    streamKey,
    group,
    consumerName,
    maxAttempts = 10,
    retryBaseMs = 1_000,
    retryMaxMs = 300_000,
    claimIdleMs = 60_000,
    blockMs = 30_000,
    batchSize = 32,
    startFrom = "new",
    deadLetterMaxLength = 100_000,
  } = options;
  const logger = (options.logger ?? pino({ level: "silent" })).child({
    component: "event-consumer",
    streamKey,
    group,
    consumerName,
  });
  const delivery: EventDelivery = {
    db: options.db,
    redis,
    streamKey,
    group,
    consumerName,
    handlers: options.handlers,
    maxAttempts,
    deadLetterKey: options.deadLetterKey,
    deadLetterMaxLength,
    logger,
  };
  // Only this group reads its replay stream, so a replayed event reaches no other group.
  const replayKey = replayStreamKey(streamKey, group);
  const lanes = new Map<string, EventDelivery>([
    [streamKey, delivery],
    [replayKey, { ...delivery, streamKey: replayKey }],
  ]);
  const recoverEveryMs = Math.min(retryBaseMs, claimIdleMs);
  let running: { controller: AbortController; reader: Redis; loop: Promise<void> } | null = null;
  let reading = false;

  async function createGroup(key: string, startId: string): Promise<void> {
    try {
      await redis.call("XGROUP", "CREATE", key, group, startId, "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
  }

  async function ensureGroup(): Promise<void> {
    await createGroup(streamKey, startFrom === "new" ? "$" : "0");
    // Replays can be queued before the group first reads its replay stream: it reads them all.
    await createGroup(replayKey, "0");
  }

  async function loop(reader: Redis, signal: AbortSignal): Promise<void> {
    let nextRecoveryAt = 0;
    // This consumer's entries waiting for a retry. While there are none, pending entries are only
    // checked for abandoned ones of other consumers, which need `claimIdleMs` to be due anyway.
    const awaitingRetry = new Set<string>();
    const deliver = async (lane: EventDelivery, entry: StreamEntry, attempt: number) => {
      const outcome = await deliverEntry(lane, entry, attempt);
      options.onDelivery?.(outcome);
      const key = `${lane.streamKey} ${entry.entryId}`;
      if (outcome === "retry") awaitingRetry.add(key);
      else awaitingRetry.delete(key);
    };
    const nextRecovery = () => Date.now() + (awaitingRetry.size > 0 ? recoverEveryMs : claimIdleMs);
    let consecutiveFailures = 0;
    try {
      await readAndDeliver();
    } finally {
      await finishEntriesInHand(awaitingRetry, deliver);
    }

    async function readAndDeliver(): Promise<void> {
      while (!signal.aborted) {
        try {
          if (Date.now() >= nextRecoveryAt) {
            let backlog = false;
            for (const lane of lanes.values()) {
              const due = await claimDueEntries({
                redis,
                streamKey: lane.streamKey,
                group,
                consumerName,
                claimIdleMs,
                retryBaseMs,
                retryMaxMs,
                count: batchSize,
              });
              for (const { entry, attempt } of due) {
                if (signal.aborted) return;
                await deliver(lane, entry, attempt);
              }
              backlog ||= due.length >= batchSize;
            }
            nextRecoveryAt = nextRecovery();
            if (backlog) continue;
          }

          // The block ends in time for the next pending-entry check, so retries are not starved.
          const block = Math.max(1, Math.min(blockMs, nextRecoveryAt - Date.now()));
          reading = true;
          const reply = await reader
            .call(
              "XREADGROUP",
              "GROUP",
              group,
              consumerName,
              "COUNT",
              batchSize,
              "BLOCK",
              block,
              "STREAMS",
              streamKey,
              replayKey,
              ">",
              ">",
            )
            .finally(() => {
              reading = false;
            });
          for (const { streamKey: readFrom, entry } of entriesOfReadReply(reply)) {
            if (signal.aborted) return;
            await deliver(lanes.get(readFrom) ?? delivery, entry, 1);
          }
          nextRecoveryAt = Math.min(nextRecoveryAt, nextRecovery());
          consecutiveFailures = 0;
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof Error && error.message.startsWith("NOGROUP")) {
            // The stream was deleted (e.g. flushed); recreate it and the group, then carry on.
            logger.warn("consumer group vanished; recreating it");
            await ensureGroup().catch(() => undefined);
            continue;
          }
          consecutiveFailures += 1;
          logger.error({ err: error }, "event consumer iteration failed; backing off");
          await pause(retryDelay(consecutiveFailures, retryBaseMs, retryMaxMs), signal);
        }
      }
    }
  }

  /**
   * On stop, handles what Redis already handed this consumer and it has not tried yet: the rest of
   * the batch in hand, and anything delivered to a blocking read that stop() cut short. Left
   * pending, those would wait `claimIdleMs` for another replica to take them over. Entries waiting
   * for a retry stay pending for that; a deadline keeps shutdown bounded.
   */
  async function finishEntriesInHand(
    awaitingRetry: ReadonlySet<string>,
    deliver: (lane: EventDelivery, entry: StreamEntry, attempt: number) => Promise<void>,
  ): Promise<void> {
    // Without a live connection there is nothing to read back; the entries wait for another replica.
    if (redis.status !== "ready") return;
    const deadline = Date.now() + FINISH_IN_HAND_MS;
    try {
      for (const lane of lanes.values()) {
        const reply = await redis.call("XREADGROUP", "GROUP", group, consumerName, "STREAMS", lane.streamKey, "0");
        for (const { entry } of entriesOfReadReply(reply)) {
          if (Date.now() >= deadline) return;
          if (!awaitingRetry.has(`${lane.streamKey} ${entry.entryId}`)) await deliver(lane, entry, 1);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, "could not finish the entries in hand; they stay pending for another replica");
    }
  }

  return {
    async start() {
      if (running) return;
      await ensureGroup();
      // XREADGROUP BLOCK holds its connection, so it gets one of its own.
      const reader = redis.duplicate();
      reader.on("error", (error: Error) => logger.warn({ err: error }, "stream reader connection error"));
      const controller = new AbortController();
      running = { controller, reader, loop: loop(reader, controller.signal) };
      logger.info("event consumer started");
    },
    async stop() {
      if (!running) return;
      const { controller, reader, loop: current } = running;
      running = null;
      controller.abort();
      // Cutting the blocking read short is safe: anything Redis handed out meanwhile stays pending.
      if (reading) reader.disconnect();
      await current;
      reader.disconnect();
      logger.info("event consumer stopped");
    },
  };
}
