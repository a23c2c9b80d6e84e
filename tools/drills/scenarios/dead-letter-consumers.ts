import { withSystem, type Database } from "@cauldron/db";
import {
  createEventConsumer,
  listDeadLetters,
  readConsumerGroupState,
  replayStreamKey,
  type DeliveryOutcome,
  type EventConsumer,
} from "@cauldron/events";
import type { Redis } from "ioredis";
import type { Kysely } from "kysely";

/** How often each group handled each event (by event id). */
export type HandledCounts = Map<string, number>;

/** Two consumer groups on the drill's stream: an indexer that fails on one event until healed, and an audit trail. */
export interface DrillConsumers {
  indexerGroup: string;
  auditGroup: string;
  handled: { indexer: HandledCounts; audit: HandledCounts };
  /** Deliveries to the indexer that failed (retries and dead-lettered ones), as /metrics counts them. */
  failedDeliveries(): number;
  /** The fix: from now on the indexer handles the poisoned event like any other. */
  heal(): void;
  /** Whether both groups have read and acknowledged everything on their streams, replays included. */
  settled(): Promise<boolean>;
  /** Stops both consumers and removes what their groups left: streams, dead letters, processed-event records. */
  stop(): Promise<void>;
}

export interface DrillConsumersOptions {
  redis: Redis;
  db: Kysely<Database>;
  streamKey: string;
  deadLetterKey: string;
  /** Makes the group names unique to one run, so runs never share dead letters or processed records. */
  runId: string;
  poisonedEventId: string;
}

// Short retries so the poisoned event reaches the dead letters within a second or two.
const RETRIES = { maxAttempts: 3, retryBaseMs: 50, retryMaxMs: 200, blockMs: 100, claimIdleMs: 5_000 } as const;

const count = (counts: HandledCounts, eventId: string) => counts.set(eventId, (counts.get(eventId) ?? 0) + 1);

/** Starts the platform's event consumer for both drill groups, in this process, reading from the stream's start. */
export async function startDrillConsumers(options: DrillConsumersOptions): Promise<DrillConsumers> {
  const { redis, db, streamKey, deadLetterKey, runId, poisonedEventId } = options;
  const indexerGroup = `drill-indexer-${runId}`;
  const auditGroup = `drill-audit-${runId}`;
  const handled = { indexer: new Map<string, number>(), audit: new Map<string, number>() };
  let healed = false;
  let failedDeliveries = 0;
  const onIndexerDelivery = (outcome: DeliveryOutcome) => {
    if (outcome === "retry" || outcome === "dead-lettered") failedDeliveries += 1;
  };
  const common = { redis, db, streamKey, deadLetterKey, startFrom: "beginning", ...RETRIES } as const;
  const consumers: EventConsumer[] = [
    createEventConsumer({
      ...common,
      group: indexerGroup,
      consumerName: `${indexerGroup}-1`,
      onDelivery: onIndexerDelivery,
      handlers: {
        "document.created": async (event) => {
          if (event.id === poisonedEventId && !healed) throw new Error("search index rejected the document (drill)");
          count(handled.indexer, event.id);
        },
      },
    }),
    createEventConsumer({
      ...common,
      group: auditGroup,
      consumerName: `${auditGroup}-1`,
      handlers: { "document.created": async (event) => void count(handled.audit, event.id) },
    }),
  ];
  try {
    for (const consumer of consumers) await consumer.start();
  } catch (error) {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    throw error;
  }

  const lanes = [indexerGroup, auditGroup].flatMap((group) => [
    { key: streamKey, group },
    { key: replayStreamKey(streamKey, group), group },
  ]);
  return {
    indexerGroup,
    auditGroup,
    handled,
    failedDeliveries: () => failedDeliveries,
    heal: () => void (healed = true),
    async settled() {
      const states = await Promise.all(lanes.map(({ key, group }) => readConsumerGroupState(redis, key, group)));
      return states.every((state) => state !== undefined && state.lag === 0 && state.pending === 0);
    },
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await redis.del(...new Set(lanes.map((lane) => lane.key)));
      for (const group of [indexerGroup, auditGroup]) {
        const { deadLetters } = await listDeadLetters(redis, deadLetterKey, { group, limit: 10_000 });
        if (deadLetters.length > 0) await redis.xdel(deadLetterKey, ...deadLetters.map((entry) => entry.deadLetterId));
      }
      await withSystem(db, (trx) =>
        trx.deleteFrom("integration.processed_events").where("consumer", "in", [indexerGroup, auditGroup]).execute(),
      );
    },
  };
}
