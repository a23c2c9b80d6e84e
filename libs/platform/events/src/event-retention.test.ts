import { randomUUID } from "node:crypto";
import { withSystem } from "@cauldron/db";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import { pruneEventRecords } from "./index";

describe("event record pruning", () => {
  const fixture = useEventsTestFixture();

  const addOutboxRow = (id: string, occurredHoursAgo: number, publishedHoursAgo: number | null) =>
    withSystem(fixture.database.db, (trx) =>
      sql`
        insert into integration.outbox (id, event_type, aggregate_type, payload, occurred_at, published_at)
        values (${id}, 'team.created', 'team', '{}',
          now() - make_interval(hours => ${occurredHoursAgo}),
          case when ${publishedHoursAgo}::int is null then null else now() - make_interval(hours => ${publishedHoursAgo}::int) end)
      `.execute(trx),
    );

  const remainingOutbox = (ids: string[]) =>
    withSystem(fixture.database.db, (trx) =>
      trx.selectFrom("integration.outbox").select("id").where("id", "in", ids).execute(),
    ).then((rows) => rows.map((row) => row.id).sort());

  it("deletes relayed outbox rows past the retention and keeps unrelayed and recent ones", async () => {
    const oldRelayed = randomUUID();
    const oldUnrelayed = randomUUID();
    const recentRelayed = randomUUID();
    await addOutboxRow(oldRelayed, 50, 49);
    await addOutboxRow(oldUnrelayed, 50, null);
    await addOutboxRow(recentRelayed, 50, 1);

    const pruned = await withSystem(fixture.database.db, (trx) =>
      pruneEventRecords(trx, { outboxRetentionSeconds: 24 * 3600, processedRetentionSeconds: 24 * 3600 }),
    );

    expect(pruned.outbox).toBe(1);
    expect(await remainingOutbox([oldRelayed, oldUnrelayed, recentRelayed])).toEqual(
      [oldUnrelayed, recentRelayed].sort(),
    );
  });

  it("deletes processed-event records past the retention, batch by batch", async () => {
    const consumer = `pruning-${randomUUID()}`;
    await withSystem(fixture.database.db, (trx) =>
      sql`
        insert into integration.processed_events (consumer, event_id, processed_at)
        select ${consumer}, gen_random_uuid(), now() - interval '2 days' from generate_series(1, 3)
        union all select ${consumer}, gen_random_uuid(), now()
      `.execute(trx),
    );
    const prune = () =>
      withSystem(fixture.database.db, (trx) =>
        pruneEventRecords(trx, { outboxRetentionSeconds: 24 * 3600, processedRetentionSeconds: 24 * 3600, limit: 2 }),
      );

    expect((await prune()).processed).toBe(2);
    expect((await prune()).processed).toBe(1);
    expect((await prune()).processed).toBe(0);
    const left = await withSystem(fixture.database.db, (trx) =>
      trx.selectFrom("integration.processed_events").select("event_id").where("consumer", "=", consumer).execute(),
    );
    expect(left).toHaveLength(1);
  });
});
