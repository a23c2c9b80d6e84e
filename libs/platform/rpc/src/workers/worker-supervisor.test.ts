import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { publishEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";
import type { ConsumerWorker } from "./worker-declarations";
import type { WorkerStatus } from "./worker-supervisor";

const tenant = { userId: randomUUID(), organizationId: randomUUID() };
let database: TestDatabase;
const prefixes: string[] = [];

function serviceWith(consumer: ConsumerWorker) {
  return defineService({
    name: "vector",
    createRouter: () => router({ probe: router({ ping: publicProcedure.query(() => "pong") }) }),
    workers: () => [consumer],
  });
}

async function startServiceWith(consumer: ConsumerWorker) {
  const redisKeyPrefix = createTestRedisPrefix();
  prefixes.push(redisKeyPrefix);
  return startTestService(serviceWith(consumer), { db: database.db, redisKeyPrefix });
}

const publishTeamCreated = () =>
  withTenant(database.db, tenant, (trx) =>
    publishEvent(trx, "team.created", {
      organizationId: tenant.organizationId,
      teamId: randomUUID(),
      name: "Research",
      createdByUserId: tenant.userId,
    }),
  );

const processedBy = (group: string, eventId: string) =>
  withSystem(database.db, (trx) =>
    trx
      .selectFrom("integration.processed_events")
      .select("event_id")
      .where("consumer", "=", group)
      .where("event_id", "=", eventId)
      .executeTakeFirst(),
  );

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(prefixes.map((prefix) => clearTestRedisPrefix(prefix)));
  await database?.destroy();
});

describe("declared workers", () => {
  it("stop a consumer only after its in-flight handler has finished and its event is recorded", async () => {
    const group = `test:slow-${randomUUID()}`;
    let startHandling: () => void = () => {};
    const handling = new Promise<void>((resolve) => (startHandling = resolve));
    let finishHandling: () => void = () => {};
    const order: string[] = [];
    const service = await startServiceWith({
      kind: "consumer",
      group,
      startFrom: "beginning",
      handlers: {
        "team.created": async () => {
          startHandling();
          await new Promise<void>((resolve) => (finishHandling = resolve));
          order.push("handler finished");
        },
      },
    });
    const event = await publishTeamCreated();
    await handling;

    const closed = service.close().then(() => order.push("service closed"));
    const states = () =>
      new Map(service.workers.status().map((worker): [string, WorkerStatus["state"]] => [worker.name, worker.state]));
    await vi.waitFor(() => expect(states().get("outbox-relay")).toBe("stopped"), { timeout: 5_000, interval: 10 });
    expect(states().get(group)).toBe("stopping");
    expect(order).toEqual([]);

    finishHandling();
    await closed;
    expect(order).toEqual(["handler finished", "service closed"]);
    expect(states().get(group)).toBe("stopped");
    expect(await processedBy(group, event.id)).toEqual({ event_id: event.id });
  });

  it("report consumer lag, deliveries and dead letters in /metrics", async () => {
    const group = `test:failing-${randomUUID()}`;
    const service = await startServiceWith({
      kind: "consumer",
      group,
      startFrom: "beginning",
      maxAttempts: 1,
      handlers: {
        "team.created": async () => {
          throw new Error("the handler cannot process this event");
        },
      },
    });
    try {
      await publishTeamCreated();
      const metricsText = async () => (await fetch(`${service.url}/metrics`)).text();
      await vi.waitFor(async () => expect(await metricsText()).toMatch(/^cauldron_event_dead_letters\{[^}]*\} 1$/m), {
        timeout: 10_000,
        interval: 50,
      });
      const metrics = await metricsText();
      expect(metrics).toMatch(new RegExp(`^cauldron_consumer_lag\\{group="${group}"[^}]*\\} 0$`, "m"));
      expect(metrics).toMatch(new RegExp(`^cauldron_consumer_pending\\{group="${group}"[^}]*\\} 0$`, "m"));
      expect(metrics).toMatch(
        new RegExp(`^cauldron_consumer_deliveries_total\\{group="${group}",outcome="dead-lettered"[^}]*\\} 1$`, "m"),
      );
      expect(metrics).toMatch(/^cauldron_outbox_relayed_total\{outcome="published"[^}]*\} [1-9]/m);
      expect(metrics).toMatch(
        new RegExp(`^cauldron_worker_running\\{worker="${group}",kind="consumer"[^}]*\\} 1$`, "m"),
      );
    } finally {
      await service.close();
    }
  });

  it("report a group's lag while its consumer falls behind", async () => {
    const group = `test:stalled-${randomUUID()}`;
    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const service = await startServiceWith({
      kind: "consumer",
      group,
      startFrom: "beginning",
      batchSize: 1,
      handlers: { "team.created": () => stalled },
    });
    try {
      await Promise.all([publishTeamCreated(), publishTeamCreated(), publishTeamCreated()]);
      await vi.waitFor(
        async () => {
          const metrics = await (await fetch(`${service.url}/metrics`)).text();
          expect(metrics).toMatch(new RegExp(`^cauldron_consumer_lag\\{group="${group}"[^}]*\\} 2$`, "m"));
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      release();
      await service.close();
    }
  });
});
