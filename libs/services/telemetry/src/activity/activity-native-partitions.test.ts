import { randomUUID } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { requestActivityStreamKey } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { publishEvent, type AnyDomainEvent } from "@cauldron/events";
import { clearTestRedisPrefix, createTestDatabase, createTestRedisPrefix, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logDomainEvent } from "./event-log-consumer";
import { requestActivityDrainJob } from "./request-activity-drain-job";

/* The same event log and request activity where the time-series tables are native partitions. */

let database: TestDatabase;
let redis: Redis;
const redisKeyPrefix = createTestRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase({ partitioning: "native" });
  redis = new Redis(configuredRedisUrl());
});

afterAll(async () => {
  redis?.disconnect();
  await clearTestRedisPrefix(redisKeyPrefix);
  await database?.destroy();
});

const createUser = async () =>
  (
    await database.ownerDb
      .insertInto("users")
      .values({ email: `${randomUUID()}@example.test` })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

describe("activity on natively partitioned tables", () => {
  it("runs on native partitions", async () => {
    const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(database.db);
    expect(rows[0]?.mode).toBe("native");
  });

  it("logs a sign-in once however often it is handled", async () => {
    const userId = await createUser();
    const event = (await withSystem(database.db, (trx) =>
      publishEvent(trx, "user.signed_in", { userId, sessionId: randomUUID(), aal: "aal1" }),
    )) as AnyDomainEvent;
    for (let handled = 0; handled < 2; handled += 1) {
      await withSystem(database.db, (trx) => logDomainEvent(event, trx));
    }
    const events = await database.ownerDb.selectFrom("timeseries.events").select("event_id").execute();
    expect(events).toEqual([{ event_id: event.id }]);
    const activity = await database.ownerDb.selectFrom("timeseries.user_activity").select("activity_type").execute();
    expect(activity).toEqual([{ activity_type: "sign_in" }]);
  });

  it("adds drained request activity to the minute's row", async () => {
    const userId = await createUser();
    const entry = {
      userId,
      organizationId: null,
      minute: "2026-12-01T09:30:00.000Z",
      procedures: { "auth.sessions.list": 1 },
      requests: 1,
      ipAddress: null,
      userAgent: null,
    };
    const job = requestActivityDrainJob({ redis, redisKeyPrefix });
    const context = { db: database.db, logger: pino({ level: "silent" }), signal: new AbortController().signal };
    for (let batch = 0; batch < 2; batch += 1) {
      const data = JSON.stringify({ batchId: randomUUID(), service: "auth", entries: [entry] });
      await redis.xadd(requestActivityStreamKey(redisKeyPrefix), "*", "data", data);
      await job.run({ ...context, instanceId: "test" });
    }
    const rows = await database.ownerDb
      .selectFrom("timeseries.user_activity")
      .select("details")
      .where("user_id", "=", userId)
      .execute();
    expect(rows).toEqual([{ details: { requests: 2, procedures: { "auth.sessions.list": 2 } } }]);
  });
});
