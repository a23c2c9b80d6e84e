import { randomUUID } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { clearTestRedisPrefix, createTestDatabase, createTestRedisPrefix, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { eventKeys, type EventKeys } from "../event-keys";

/** What an events test file works against; the connections exist from `beforeAll` on. */
export interface EventsTestFixture {
  database: TestDatabase;
  redis: Redis;
  /** This file's private Redis key prefix, cleared after the file. */
  prefix: string;
  keys: EventKeys;
  tenant: { userId: string; organizationId: string };
}

/** Gives the calling describe block its own database, Redis connection, key prefix and tenant, torn down after it. */
export function useEventsTestFixture(): EventsTestFixture {
  // Filled in by beforeAll, so that merely collecting the file opens no connections.
  const fixture = { tenant: { userId: randomUUID(), organizationId: randomUUID() } } as EventsTestFixture;

  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.redis = new Redis(configuredRedisUrl());
    fixture.prefix = createTestRedisPrefix();
    fixture.keys = eventKeys(fixture.prefix);
  });

  afterAll(async () => {
    await clearTestRedisPrefix(fixture.prefix);
    fixture.redis.disconnect();
    await fixture.database.destroy();
  });

  return fixture;
}
