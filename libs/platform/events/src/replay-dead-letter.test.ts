import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import {
  createEventConsumer,
  createOutboxRelay,
  eventKeys,
  listDeadLetters,
  publishEvent,
  replayDeadLetter,
  replayDeadLetters,
  replayStreamKey,
  type DomainEvent,
  type EventConsumer,
  type EventHandlers,
} from "./index";

const waitLong = { timeout: 15_000, interval: 20 } as const;

describe("dead-letter replay", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;
  const running: EventConsumer[] = [];
  let keys = eventKeys("unset:");

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  function freshStream(): void {
    keys = eventKeys(`${fixture.prefix}${randomUUID()}:`);
  }

  async function startConsumer(group: string, handlers: EventHandlers): Promise<void> {
    const consumer = createEventConsumer({
      redis: fixture.redis,
      db: fixture.database.db,
      streamKey: keys.stream,
      deadLetterKey: keys.deadLetter,
      group,
      consumerName: `${group}-replica`,
      handlers,
      startFrom: "beginning",
      maxAttempts: 2,
      retryBaseMs: 10,
      retryMaxMs: 40,
      blockMs: 50,
    });
    await consumer.start();
    running.push(consumer);
  }

  /** Records every handled event, and fails on the poisoned ones while `healed` is false. */
  function flakyIndexer(poisoned: Set<string>) {
    const state = { healed: false, failures: 0, handled: [] as string[] };
    const handlers: EventHandlers = {
      "document.created": async (event) => {
        if (poisoned.has(event.payload.documentId) && !state.healed) {
          state.failures += 1;
          throw new Error("search index rejected the document");
        }
        state.handled.push(event.id);
      },
    };
    return { state, handlers };
  }

  async function publishDocument(documentId = randomUUID()): Promise<DomainEvent<"document.created">> {
    const event = await withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(trx, "document.created", {
        organizationId: tenant.organizationId,
        documentId,
        title: "Field notes",
        createdByUserId: tenant.userId,
        teamIds: [],
      }),
    );
    await createOutboxRelay({ db: fixture.database.db, redis: fixture.redis, streamKey: keys.stream }).drainOnce();
    return event;
  }

  const deadLettersOf = async (group?: string) =>
    (await listDeadLetters(fixture.redis, keys.deadLetter, { group })).deadLetters;

  const processedBy = (group: string) =>
    withSystem(fixture.database.db, async (trx) =>
      (
        await trx.selectFrom("integration.processed_events").select("event_id").where("consumer", "=", group).execute()
      ).map((row) => row.event_id),
    );

  const replayOptions = () => ({ redis: fixture.redis, deadLetterKey: keys.deadLetter });

  it("re-delivers a dead letter once to the group that failed it, and to no other group", async () => {
    freshStream();
    const poisonedDocument = randomUUID();
    const indexer = flakyIndexer(new Set([poisonedDocument]));
    const audited: string[] = [];
    await startConsumer("search-indexer", indexer.handlers);
    await startConsumer("audit-trail", { "document.created": async (event) => void audited.push(event.id) });

    const poisoned = await publishDocument(poisonedDocument);
    const healthy = await publishDocument();
    await vi.waitFor(async () => expect(await deadLettersOf()).toHaveLength(1), waitLong);
    await vi.waitFor(() => expect(audited).toEqual([poisoned.id, healthy.id]), waitLong);
    expect(indexer.state.handled).toEqual([healthy.id]);
    const [deadLetter] = await deadLettersOf();

    indexer.state.healed = true;
    const replayed = await replayDeadLetter(replayOptions(), deadLetter!.deadLetterId);

    expect(replayed).toMatchObject({
      group: "search-indexer",
      eventId: poisoned.id,
      replayStream: replayStreamKey(keys.stream, "search-indexer"),
    });
    await vi.waitFor(() => expect(indexer.state.handled).toEqual([healthy.id, poisoned.id]), waitLong);
    expect(await processedBy("search-indexer")).toContain(poisoned.id);
    expect(await deadLettersOf()).toEqual([]);
    // Another event after the replay proves the audit group kept reading and never met the replay.
    const marker = await publishDocument();
    await vi.waitFor(() => expect(audited).toEqual([poisoned.id, healthy.id, marker.id]), waitLong);
    expect(indexer.state.failures).toBe(2);
  });

  it("sends a replayed event that fails again back to the dead letters after its retries", async () => {
    freshStream();
    const poisonedDocument = randomUUID();
    const indexer = flakyIndexer(new Set([poisonedDocument]));
    await startConsumer("search-indexer", indexer.handlers);
    const poisoned = await publishDocument(poisonedDocument);
    await vi.waitFor(async () => expect(await deadLettersOf()).toHaveLength(1), waitLong);

    const [first] = await replayDeadLetters(replayOptions());

    await vi.waitFor(async () => {
      const [again] = await deadLettersOf();
      expect(again).toMatchObject({ eventId: poisoned.id, attempts: 2, stream: first!.replayStream });
      expect(again!.deadLetterId).not.toBe(first!.deadLetterId);
    }, waitLong);
    expect(indexer.state.failures).toBe(4);

    indexer.state.healed = true;
    const [second] = await replayDeadLetters(replayOptions());
    expect(second!.replayStream).toBe(first!.replayStream);
    await vi.waitFor(() => expect(indexer.state.handled).toEqual([poisoned.id]), waitLong);
    expect(await deadLettersOf()).toEqual([]);
  });

  it("queues a dead letter once when two replays of it race, and finds nothing to replay afterwards", async () => {
    freshStream();
    const poisonedDocument = randomUUID();
    await startConsumer("search-indexer", flakyIndexer(new Set([poisonedDocument])).handlers);
    await publishDocument(poisonedDocument);
    await vi.waitFor(async () => expect(await deadLettersOf()).toHaveLength(1), waitLong);
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    const [deadLetter] = await deadLettersOf();

    const outcomes = await Promise.all([
      replayDeadLetter(replayOptions(), deadLetter!.deadLetterId),
      replayDeadLetter(replayOptions(), deadLetter!.deadLetterId),
    ]);

    expect(outcomes.filter((outcome) => outcome !== undefined)).toHaveLength(1);
    expect(await fixture.redis.xlen(replayStreamKey(keys.stream, "search-indexer"))).toBe(1);
    expect(await replayDeadLetter(replayOptions(), deadLetter!.deadLetterId)).toBeUndefined();
    expect(await replayDeadLetters(replayOptions())).toEqual([]);
  });

  it("replays every dead letter of the named group and leaves the other groups' dead letters", async () => {
    freshStream();
    const poisonedDocument = randomUUID();
    const indexer = flakyIndexer(new Set([poisonedDocument]));
    const mailer = flakyIndexer(new Set([poisonedDocument]));
    await startConsumer("search-indexer", indexer.handlers);
    await startConsumer("mailer", mailer.handlers);
    const poisoned = await publishDocument(poisonedDocument);
    await vi.waitFor(async () => expect(await deadLettersOf()).toHaveLength(2), waitLong);

    indexer.state.healed = true;
    mailer.state.healed = true;
    const replayed = await replayDeadLetters(replayOptions(), { group: "search-indexer" });

    expect(replayed.map((deadLetter) => deadLetter.group)).toEqual(["search-indexer"]);
    await vi.waitFor(() => expect(indexer.state.handled).toEqual([poisoned.id]), waitLong);
    expect(mailer.state.handled).toEqual([]);
    expect((await deadLettersOf()).map((deadLetter) => deadLetter.group)).toEqual(["mailer"]);
  });
});
