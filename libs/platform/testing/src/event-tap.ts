import { configuredRedisUrl } from "@cauldron/config";
import { createOutboxRelay, eventKeys, parseStreamEvent, type AnyDomainEvent } from "@cauldron/events";
import { Redis } from "ioredis";
import { sql } from "kysely";
import type { TestDatabase } from "./test-database";

/** Reads a test's event stream: the events published since the last look. */
export interface EventTap {
  /** Relays the outbox, waits until no event is left unpublished, and returns those new on the stream. */
  take(): Promise<AnyDomainEvent[]>;
  close(): void;
}

/** Taps the event stream of a test database's services (the ones sharing `redisKeyPrefix`). */
export function createEventTap(database: TestDatabase, redisKeyPrefix: string): EventTap {
  const keys = eventKeys(redisKeyPrefix);
  const redis = new Redis(configuredRedisUrl());
  const relay = createOutboxRelay({ db: database.db, redis, streamKey: keys.stream });
  let lastStreamId = "0-0";
  return {
    async take() {
      await relay.drainOnce();
      // A service's own relay may hold rows this drain skipped; wait until they reach the stream too.
      for (;;) {
        const { rows } = await sql<{ pending: string }>`
          select count(*) as pending from integration.outbox where published_at is null
        `.execute(database.ownerDb);
        if (Number(rows[0]?.pending ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const entries = await redis.xrange(keys.stream, `(${lastStreamId}`, "+");
      const last = entries[entries.length - 1];
      if (last) lastStreamId = last[0];
      return entries.map(([, fields]) => parseStreamEvent(fields[fields.indexOf("data") + 1] ?? ""));
    },
    close() {
      redis.disconnect();
    },
  };
}
