import { withSystem } from "@cauldron/db";
import { defineService, router } from "@cauldron/rpc";
import {
  createTestDatabase,
  startRedisServer,
  startTestService,
  type RedisServer,
  type TestDatabase,
} from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeadLetterDrill } from "./dead-letter";

// Serves the platform's /metrics and nothing else: the dead-letter gauge is the same on every service.
const metricsOnlyService = defineService({ name: "telemetry", createRouter: () => router({}) });

describe("dead-letter drill", () => {
  // A Redis of this file's own, so the drill's dead letters are the only ones /metrics can count.
  let redisServer: RedisServer | undefined;
  let redisUrl = "";
  let database: TestDatabase;
  let service: Awaited<ReturnType<typeof startTestService>>;
  const progress: string[] = [];
  const onProgress = (line: string) => void progress.push(line);

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redisUrl = redisServer.url;
    database = await createTestDatabase();
    service = await startTestService(metricsOnlyService, {
      db: database.db,
      redisUrl,
      redisKeyPrefix: "cauldron:",
      workers: false,
    });
  });

  afterAll(async () => {
    await service?.close();
    await database?.destroy();
    await redisServer?.kill();
  });

  it("dead-letters the poisoned event, shows it on /metrics, and replays it so every event is handled once", async () => {
    const result = await runDeadLetterDrill({
      redisUrl,
      databaseUrl: database.appUrl,
      metricsUrl: `${service.url}/metrics`,
      events: 12,
      onProgress,
    });

    expect(result).toMatchObject({
      scenario: "dead letters",
      sent: 12,
      failed: 3,
      deadLettered: 1,
      replayed: 1,
      handledOnce: 12,
      handledTwice: 0,
      ok: true,
    });
    expect(result.notes[0]).toBe(`cauldron_event_dead_letters 1 at ${service.url}/metrics`);
    expect(progress.some((line) => line.startsWith("dead letters: dead-lettered after 3 attempts"))).toBe(true);
    expect(progress.some((line) => line.includes("queued 1 event(s) again"))).toBe(true);
  });

  it("fails when the service's /metrics does not count the dead letter, and leaves nothing behind", async () => {
    const result = await runDeadLetterDrill({
      redisUrl,
      databaseUrl: database.appUrl,
      metricsUrl: `${service.url}/metrics`,
      // Another deployment's dead-letter stream: the service's gauge does not measure it.
      redisKeyPrefix: "elsewhere:",
      events: 4,
      onProgress,
    });

    expect(result).toMatchObject({ replayed: 1, handledOnce: 4, handledTwice: 0, ok: false });
    expect(result.notes).toEqual([
      `cauldron_event_dead_letters 0 at ${service.url}/metrics`,
      "expected the dead-letter gauge at 1 or more",
    ]);
    const redis = new Redis(redisUrl);
    try {
      expect((await redis.keys("*drill-*")).sort()).toEqual([]);
      expect(await redis.xlen("elsewhere:events:dead-letter")).toBe(0);
    } finally {
      redis.disconnect();
    }
    const processed = await withSystem(database.db, (trx) =>
      trx.selectFrom("integration.processed_events").select("consumer").where("consumer", "like", "drill-%").execute(),
    );
    expect(processed).toEqual([]);
  });

  it("reads the dead-letter count from Redis as the gauge does when no service is named", async () => {
    const result = await runDeadLetterDrill({ redisUrl, databaseUrl: database.appUrl, events: 4, onProgress });

    expect(result).toMatchObject({ deadLettered: 1, replayed: 1, handledOnce: 4, handledTwice: 0, ok: true });
    expect(result.notes[0]).toBe("cauldron_event_dead_letters 1 (read from Redis, as the gauge does)");
  });
});
