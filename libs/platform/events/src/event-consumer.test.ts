import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import {
  createEventConsumer,
  createOutboxRelay,
  eventKeys,
  publishEvent,
  type DomainEvent,
  type EventConsumer,
  type EventConsumerOptions,
  type EventName,
  type EventPayload,
} from "./index";

const fast = { retryBaseMs: 10, retryMaxMs: 40, blockMs: 50, claimIdleMs: 5_000 } as const;
const waitLong = { timeout: 15_000, interval: 20 } as const;

/** Turns a flat Redis field/value reply into an object. */
function fieldsOf(flat: unknown[]): Record<string, unknown> {
  return Object.fromEntries(flat.flatMap((value, index) => (index % 2 ? [] : [[String(value), flat[index + 1]]])));
}

describe("event consumer", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;
  const running: EventConsumer[] = [];
  let streamKey = "";
  let deadLetterKey = "";

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  /** Each test gets its own stream, so entries of one never reach another's consumers. */
  function freshStream(): void {
    const keys = eventKeys(`${fixture.prefix}${randomUUID()}:`);
    streamKey = keys.stream;
    deadLetterKey = keys.deadLetter;
  }

  async function startConsumer(
    options: Pick<EventConsumerOptions, "handlers"> & Partial<EventConsumerOptions>,
  ): Promise<EventConsumer> {
    const consumer = createEventConsumer({
      redis: fixture.redis,
      db: fixture.database.db,
      streamKey,
      deadLetterKey,
      group: "search-indexer",
      consumerName: `replica-${randomUUID()}`,
      startFrom: "beginning",
      maxAttempts: 3,
      ...fast,
      ...options,
    });
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  /** Publishes through the outbox and relays it, as a service would. */
  async function publish<N extends EventName>(name: N, payload: EventPayload<N>): Promise<DomainEvent<N>> {
    const event = await withTenant(fixture.database.db, tenant, (trx) => publishEvent(trx, name, payload));
    await createOutboxRelay({ db: fixture.database.db, redis: fixture.redis, streamKey }).drainOnce();
    return event;
  }

  const documentCreated = (): EventPayload<"document.created"> => ({
    organizationId: tenant.organizationId,
    documentId: randomUUID(),
    title: "Quarterly plan",
    createdByUserId: tenant.userId,
    teamIds: [],
  });

  const pendingCount = async (group = "search-indexer") => {
    const [count] = (await fixture.redis.call("XPENDING", streamKey, group)) as [number];
    return count;
  };

  const processedEventIds = (consumer: string) =>
    withSystem(fixture.database.db, async (trx) =>
      (
        await trx
          .selectFrom("integration.processed_events")
          .select("event_id")
          .where("consumer", "=", consumer)
          .execute()
      ).map((row) => row.event_id),
    );

  it("hands each event to the handler for its type and acknowledges it", async () => {
    freshStream();
    const seen: DomainEvent<"document.created">[] = [];
    await startConsumer({ handlers: { "document.created": async (event) => void seen.push(event) } });

    const event = await publish("document.created", documentCreated());

    await vi.waitFor(() => expect(seen).toHaveLength(1), waitLong);
    expect(seen[0]).toEqual(event);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0), waitLong);
    expect(await processedEventIds("search-indexer")).toContain(event.id);
  });

  it("handles an event delivered twice only once", async () => {
    freshStream();
    const handled: string[] = [];
    await startConsumer({ handlers: { "document.created": async (event) => void handled.push(event.id) } });

    const event = await publish("document.created", documentCreated());
    // Re-append the very same entry, as a relay that crashed before marking the row would.
    const [[, fields]] = (await fixture.redis.xrange(streamKey, "-", "+")) as [[string, string[]]];
    await fixture.redis.xadd(streamKey, "*", ...fields);
    const marker = await publish("document.created", documentCreated());

    await vi.waitFor(() => expect(handled).toContain(marker.id), waitLong);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0), waitLong);
    expect(handled.filter((id) => id === event.id)).toHaveLength(1);
    expect(await fixture.redis.xlen(streamKey)).toBe(3);
  });

  it("rolls a failed handler's writes back with it and commits them once on the retry", async () => {
    freshStream();
    let calls = 0;
    const teamId = randomUUID();
    await startConsumer({
      handlers: {
        "team.created": async (event, trx) => {
          calls += 1;
          await publishEvent(trx, "team.member.added", {
            organizationId: event.payload.organizationId,
            teamId: event.payload.teamId,
            userId: tenant.userId,
            role: "lead",
          });
          if (calls === 1) throw new Error("directory lookup timed out");
        },
      },
    });

    const event = await publish("team.created", {
      organizationId: tenant.organizationId,
      teamId,
      name: "Design",
      createdByUserId: tenant.userId,
    });

    await vi.waitFor(async () => expect(await processedEventIds("search-indexer")).toContain(event.id), waitLong);
    expect(calls).toBe(2);
    const followUps = await withSystem(fixture.database.db, (trx) =>
      trx
        .selectFrom("integration.outbox")
        .select("payload")
        .where("event_type", "=", "team.member.added")
        .where("aggregate_id", "=", teamId)
        .execute(),
    );
    expect(followUps).toHaveLength(1);
  });

  it("runs a detached handler with no transaction open, retries it when it throws, and records it as handled once", async () => {
    freshStream();
    const openTransactions: number[] = [];
    let calls = 0;
    await startConsumer({
      handlers: {
        "document.created": {
          async detached(_event, inTransaction) {
            calls += 1;
            await inTransaction((trx) => sql`select 1`.execute(trx));
            // What a slow call (an SMTP send) would see: no session of this database idle in a transaction.
            const { rows } = await sql<{ count: string }>`
              select count(*) as count from pg_stat_activity
              where datname = current_database() and state like 'idle in transaction%'
            `.execute(fixture.database.db);
            openTransactions.push(Number(rows[0]?.count));
            if (calls === 1) throw new Error("mail server unreachable");
          },
        },
      },
    });

    const event = await publish("document.created", documentCreated());
    // Waited for without touching the database, so no query of this test is open while the handler looks.
    await vi.waitFor(() => expect(openTransactions).toHaveLength(2), waitLong);
    expect(openTransactions).toEqual([0, 0]);
    await vi.waitFor(async () => expect(await processedEventIds("search-indexer")).toContain(event.id), waitLong);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0), waitLong);
    expect(calls).toBe(2);
  });

  it("moves an event whose handler keeps failing to the dead-letter stream after maxAttempts while others keep flowing", async () => {
    freshStream();
    let failures = 0;
    const created: string[] = [];
    await startConsumer({
      maxAttempts: 3,
      handlers: {
        "document.updated": async () => {
          failures += 1;
          throw new Error("search index rejected the document");
        },
        "document.created": async (event) => void created.push(event.id),
      },
    });

    const poisoned = await publish("document.updated", {
      organizationId: tenant.organizationId,
      documentId: randomUUID(),
      version: 2,
      changedFields: ["title"],
      updatedByUserId: tenant.userId,
      teamIds: [],
    });
    const healthy = [
      await publish("document.created", documentCreated()),
      await publish("document.created", documentCreated()),
    ];

    await vi.waitFor(() => expect(created).toEqual(healthy.map((event) => event.id)), waitLong);
    await vi.waitFor(async () => expect(await fixture.redis.xlen(deadLetterKey)).toBe(1), waitLong);
    expect(failures).toBe(3);
    const [[, flat]] = (await fixture.redis.xrange(deadLetterKey, "-", "+")) as [[string, string[]]];
    const deadLetter = fieldsOf(flat);
    expect(deadLetter).toMatchObject({
      id: poisoned.id,
      type: "document.updated",
      attempts: "3",
      error: "search index rejected the document",
      stream: streamKey,
      group: "search-indexer",
    });
    expect(JSON.parse(deadLetter.data as string)).toEqual(poisoned);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0), waitLong);
    expect(await processedEventIds("search-indexer")).not.toContain(poisoned.id);
  });

  it("takes over an entry left pending by a consumer that crashed before acknowledging it", async () => {
    freshStream();
    const event = await publish("document.created", documentCreated());
    await fixture.redis.call("XGROUP", "CREATE", streamKey, "search-indexer", "0", "MKSTREAM");
    // The crashed replica read the entry and died: it stays in the group's pending list under its name.
    await fixture.redis.call(
      "XREADGROUP",
      "GROUP",
      "search-indexer",
      "crashed-replica",
      "COUNT",
      10,
      "STREAMS",
      streamKey,
      ">",
    );
    expect(await pendingCount()).toBe(1);

    const handled: string[] = [];
    await startConsumer({
      consumerName: "surviving-replica",
      claimIdleMs: 100,
      handlers: { "document.created": async (received) => void handled.push(received.id) },
    });

    await vi.waitFor(() => expect(handled).toEqual([event.id]), waitLong);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0), waitLong);
  });

  it("handles the rest of the batch in hand when stopped, leaving nothing pending for a takeover", async () => {
    freshStream();
    const events = [];
    for (let index = 0; index < 3; index += 1) events.push(await publish("document.created", documentCreated()));
    const handled: string[] = [];
    let release: () => void = () => undefined;
    const firstStarted = new Promise<void>((started) => {
      const released = new Promise<void>((resolve) => (release = resolve));
      void startConsumer({
        handlers: {
          "document.created": async (event) => {
            if (handled.length === 0) {
              started();
              await released;
            }
            handled.push(event.id);
          },
        },
      });
    });
    await firstStarted;
    const consumer = running.at(-1)!;
    const stopped = consumer.stop();
    release();
    await stopped;

    expect(handled).toEqual(events.map((event) => event.id));
    expect(await pendingCount()).toBe(0);
  });

  it("keeps groups independent: each group handles every event once", async () => {
    freshStream();
    const byGroup: Record<string, string[]> = { notifier: [], "audit-trail": [] };
    for (const group of Object.keys(byGroup)) {
      await startConsumer({
        group,
        handlers: { "document.created": async (event) => void byGroup[group]!.push(event.id) },
      });
    }

    const event = await publish("document.created", documentCreated());

    await vi.waitFor(() => expect(byGroup).toEqual({ notifier: [event.id], "audit-trail": [event.id] }), waitLong);
    // The handler runs inside the delivery's transaction: its processed record commits just after.
    await vi.waitFor(async () => {
      expect(await processedEventIds("notifier")).toContain(event.id);
      expect(await processedEventIds("audit-trail")).toContain(event.id);
    }, waitLong);
  });

  it("acknowledges events it has no handler for without recording them", async () => {
    freshStream();
    await startConsumer({ group: "billing", handlers: {} });

    const event = await publish("document.created", documentCreated());

    await vi.waitFor(async () => {
      const groups = ((await fixture.redis.call("XINFO", "GROUPS", streamKey)) as unknown[][]).map(fieldsOf);
      expect(groups.find((group) => group.name === "billing")).toMatchObject({ "entries-read": 1, pending: 0 });
    }, waitLong);
    expect(await pendingCount("billing")).toBe(0);
    expect(await processedEventIds("billing")).not.toContain(event.id);
  });
});
