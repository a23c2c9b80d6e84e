import { randomUUID } from "node:crypto";
import { withSystem } from "@cauldron/db";
import { createTestDatabase, startTestService, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";

const quietService = defineService({
  name: "storage",
  createRouter: () => router({ probe: router({ ping: publicProcedure.query(() => "pong") }) }),
});

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

const addOutboxRow = (id: string, publishedHoursAgo: number | null) =>
  withSystem(database.db, (trx) =>
    sql`
      insert into integration.outbox (id, event_type, aggregate_type, payload, occurred_at, published_at)
      values (${id}, 'team.created', 'team', '{}', now() - interval '3 days',
        case when ${publishedHoursAgo}::int is null then null else now() - make_interval(hours => ${publishedHoursAgo}::int) end)
    `.execute(trx),
  );

describe("event pruning job", () => {
  it("runs in every service without being declared, deleting old relayed outbox rows and keeping unrelayed ones", async () => {
    const oldRelayed = randomUUID();
    const unrelayed = randomUUID();
    const recentlyRelayed = randomUUID();
    await addOutboxRow(oldRelayed, 48);
    await addOutboxRow(unrelayed, null);
    await addOutboxRow(recentlyRelayed, 1);

    const service = await startTestService(quietService, {
      db: database.db,
      workers: { eventRetentionSeconds: 24 * 3600 },
    });
    try {
      await vi.waitFor(
        () => {
          const job = service.workers.status().find((worker) => worker.name === "platform.prune-event-records");
          expect(job?.job?.runs).toBe(1);
        },
        { timeout: 10_000, interval: 20 },
      );
    } finally {
      await service.close();
    }

    const left = await withSystem(database.db, (trx) =>
      trx
        .selectFrom("integration.outbox")
        .select("id")
        .where("id", "in", [oldRelayed, unrelayed, recentlyRelayed])
        .execute(),
    );
    expect(left.map((row) => row.id).sort()).toEqual([unrelayed, recentlyRelayed].sort());
  });
});
