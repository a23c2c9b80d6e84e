import { randomUUID } from "node:crypto";
import { withTenant } from "@cauldron/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import {
  createEventConsumer,
  createOutboxRelay,
  listDeadLetters,
  publishEvent,
  readDeadLetter,
  type DomainEvent,
  type EventConsumer,
} from "./index";

describe("dead letters", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;
  const consumers: EventConsumer[] = [];
  const published: DomainEvent<"team.created">[] = [];

  // Two groups whose handlers always fail, so every event becomes one dead letter per group.
  beforeAll(async () => {
    for (const group of ["directory-sync", "welcome-mailer"]) {
      const consumer = createEventConsumer({
        redis: fixture.redis,
        db: fixture.database.db,
        streamKey: fixture.keys.stream,
        deadLetterKey: fixture.keys.deadLetter,
        group,
        consumerName: `${group}-replica`,
        startFrom: "beginning",
        maxAttempts: 1,
        blockMs: 50,
        handlers: {
          "team.created": async () => {
            throw new Error("directory unreachable");
          },
        },
      });
      await consumer.start();
      consumers.push(consumer);
    }
    for (const name of ["Research", "Design", "Sales"]) {
      published.push(
        await withTenant(fixture.database.db, tenant, (trx) =>
          publishEvent(trx, "team.created", {
            organizationId: tenant.organizationId,
            teamId: randomUUID(),
            name,
            createdByUserId: tenant.userId,
          }),
        ),
      );
    }
    await createOutboxRelay({
      db: fixture.database.db,
      redis: fixture.redis,
      streamKey: fixture.keys.stream,
    }).drainOnce();
    await vi.waitFor(async () => expect(await fixture.redis.xlen(fixture.keys.deadLetter)).toBe(6), {
      timeout: 15_000,
      interval: 20,
    });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });

  it("lists the oldest dead letters of one group, with why they failed and without their payload", async () => {
    const { total, deadLetters } = await listDeadLetters(fixture.redis, fixture.keys.deadLetter, {
      group: "welcome-mailer",
      limit: 2,
    });

    expect(total).toBe(6);
    expect(deadLetters).toHaveLength(2);
    for (const deadLetter of deadLetters) {
      expect(deadLetter).toEqual({
        deadLetterId: expect.stringMatching(/^\d+-\d+$/),
        group: "welcome-mailer",
        eventType: "team.created",
        eventId: expect.any(String),
        attempts: 1,
        failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        error: "directory unreachable",
        stream: fixture.keys.stream,
      });
    }
    expect(new Set(deadLetters.map((deadLetter) => deadLetter.eventId))).toEqual(
      new Set(published.slice(0, 2).map((event) => event.id)),
    );
  });

  it("lists every group's dead letters when no group is named", async () => {
    const { deadLetters } = await listDeadLetters(fixture.redis, fixture.keys.deadLetter);

    expect(deadLetters).toHaveLength(6);
    expect(new Set(deadLetters.map((deadLetter) => deadLetter.group))).toEqual(
      new Set(["directory-sync", "welcome-mailer"]),
    );
  });

  it("reads one dead letter by id, answers undefined for an unknown id and refuses a partial id", async () => {
    const [first] = (await listDeadLetters(fixture.redis, fixture.keys.deadLetter, { limit: 1 })).deadLetters;

    expect(await readDeadLetter(fixture.redis, fixture.keys.deadLetter, first!.deadLetterId)).toEqual(first);
    expect(await readDeadLetter(fixture.redis, fixture.keys.deadLetter, "1-0")).toBeUndefined();
    await expect(readDeadLetter(fixture.redis, fixture.keys.deadLetter, "1700000000000")).rejects.toThrow(
      /not a dead-letter id/,
    );
  });
});
