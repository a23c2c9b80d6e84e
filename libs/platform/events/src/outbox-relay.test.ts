import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { startRedisServer } from "@cauldron/testing";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import { createOutboxRelay, publishEvent } from "./index";

describe("outbox relay", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;

  const publishTeamCreated = () =>
    withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(trx, "team.created", {
        organizationId: tenant.organizationId,
        teamId: randomUUID(),
        name: "Research",
        createdByUserId: tenant.userId,
      }),
    );

  const outboxRow = (eventId: string) =>
    withSystem(fixture.database.db, (trx) =>
      trx
        .selectFrom("integration.outbox")
        .select(["published_at", "publish_attempts", "last_error"])
        .where("id", "=", eventId)
        .executeTakeFirstOrThrow(),
    );

  it("appends committed events to the stream as id, type and data fields and marks them published", async () => {
    const event = await publishTeamCreated();
    const relay = createOutboxRelay({ db: fixture.database.db, redis: fixture.redis, streamKey: fixture.keys.stream });

    expect(await relay.drainOnce()).toEqual({ published: 1, failed: 0 });

    const entries = await fixture.redis.xrange(fixture.keys.stream, "-", "+");
    expect(entries).toHaveLength(1);
    const [, fields] = entries[0]!;
    expect(fields.slice(0, 4)).toEqual(["id", event.id, "type", "team.created"]);
    expect(fields[4]).toBe("data");
    expect(JSON.parse(fields[5]!)).toEqual(event);
    expect(await outboxRow(event.id)).toMatchObject({ publish_attempts: 1, last_error: null });
    expect((await outboxRow(event.id)).published_at).not.toBeNull();
    expect(await relay.drainOnce()).toEqual({ published: 0, failed: 0 });
  });

  it("relays the events of one transaction in the order they were written", async () => {
    const names = Array.from({ length: 20 }, (_, index) => `Team ${index}`);
    await withTenant(fixture.database.db, tenant, async (trx) => {
      for (const name of names) {
        await publishEvent(trx, "team.created", {
          organizationId: tenant.organizationId,
          teamId: randomUUID(),
          name,
          createdByUserId: tenant.userId,
        });
      }
    });
    const relay = createOutboxRelay({ db: fixture.database.db, redis: fixture.redis, streamKey: fixture.keys.stream });
    await relay.drainOnce();

    const entries = await fixture.redis.xrange(fixture.keys.stream, "-", "+");
    const relayedNames = entries.map(
      ([, fields]) => (JSON.parse(fields[5]!) as { payload: { name: string } }).payload.name,
    );
    expect(relayedNames.slice(-names.length)).toEqual(names);
  });

  it("keeps events while Redis is down, records the failed attempts, and delivers them once Redis is back", async () => {
    let server = await startRedisServer();
    const { port } = server;
    const flakyRedis = new Redis({ host: "127.0.0.1", port, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    const connectionErrors: string[] = [];
    flakyRedis.on("error", (error: Error) => connectionErrors.push(error.message));
    const relay = createOutboxRelay({
      db: fixture.database.db,
      redis: flakyRedis,
      streamKey: fixture.keys.stream,
      pollIntervalMs: 20,
      publishTimeoutMs: 500,
      retryBaseMs: 20,
      retryMaxMs: 100,
    });
    try {
      await flakyRedis.ping();
      await server.kill();
      const event = await publishTeamCreated();

      relay.start();
      await vi.waitFor(
        async () => {
          const row = await outboxRow(event.id);
          expect(row.published_at).toBeNull();
          expect(row.publish_attempts).toBeGreaterThanOrEqual(2);
          expect(row.last_error).toBeTruthy();
        },
        { timeout: 15_000, interval: 50 },
      );

      expect(connectionErrors.some((message) => message.includes("ECONNREFUSED"))).toBe(true);

      server = await startRedisServer(port);
      await vi.waitFor(async () => expect((await outboxRow(event.id)).published_at).not.toBeNull(), {
        timeout: 15_000,
        interval: 50,
      });
      await relay.stop();

      const delivered = await flakyRedis.xrange(fixture.keys.stream, "-", "+");
      const copies = delivered.filter(([, fields]) => fields[1] === event.id);
      // A send that timed out may still land after the restart; consumers drop such copies by id.
      expect(copies.length).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(copies[0]![1][5]!)).toEqual(event);
    } finally {
      await relay.stop();
      flakyRedis.disconnect();
      await server.kill();
    }
  });

  it("lets two relays drain the same outbox without appending any event twice", async () => {
    const events = await Promise.all(Array.from({ length: 30 }, () => publishTeamCreated()));
    const before = await fixture.redis.xlen(fixture.keys.stream);
    const relayA = createOutboxRelay({
      db: fixture.database.db,
      redis: fixture.redis,
      streamKey: fixture.keys.stream,
      batchSize: 4,
    });
    const relayB = createOutboxRelay({
      db: fixture.database.db,
      redis: fixture.redis,
      streamKey: fixture.keys.stream,
      batchSize: 4,
    });

    const [a, b] = await Promise.all([relayA.drainOnce(), relayB.drainOnce()]);

    expect(a.published + b.published).toBe(events.length);
    const appended = (await fixture.redis.xrange(fixture.keys.stream, "-", "+"))
      .slice(before)
      .map(([, fields]) => fields[1]);
    expect(appended.sort()).toEqual(events.map((event) => event.id).sort());
  });
});
