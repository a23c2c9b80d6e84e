import { randomUUID } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { withTenant } from "@cauldron/db";
import {
  createEventConsumer,
  createOutboxRelay,
  eventKeys,
  publishEvent,
  type DomainEvent,
  type EventConsumer,
} from "@cauldron/events";
import { clearTestRedisPrefix, createTestDatabase, createTestRedisPrefix, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DeadLetterNotFoundError, runEventsCommand } from "./events-command";

const waitLong = { timeout: 15_000, interval: 20 } as const;

describe("events commands", () => {
  const prefix = createTestRedisPrefix();
  const keys = eventKeys(prefix);
  const tenant = { userId: randomUUID(), organizationId: randomUUID() };
  const handled: Record<string, string[]> = { "directory-sync": [], "welcome-mailer": [] };
  const consumers: EventConsumer[] = [];
  const published: DomainEvent<"team.created">[] = [];
  let healed = false;
  let database: TestDatabase;
  let redis: Redis;

  const run = async (command: Parameters<typeof runEventsCommand>[0]) => {
    const lines: string[] = [];
    const result = await runEventsCommand(command, redis, (line) => lines.push(line));
    return { ...result, lines };
  };

  // Two groups fail every event until healed: each event becomes one dead letter per group.
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis(configuredRedisUrl());
    for (const group of Object.keys(handled)) {
      const consumer = createEventConsumer({
        redis,
        db: database.db,
        streamKey: keys.stream,
        deadLetterKey: keys.deadLetter,
        group,
        consumerName: `${group}-replica`,
        startFrom: "beginning",
        maxAttempts: 1,
        blockMs: 50,
        handlers: {
          "team.created": async (event) => {
            if (!healed) throw new Error("directory unreachable");
            handled[group]!.push(event.id);
          },
        },
      });
      await consumer.start();
      consumers.push(consumer);
    }
    for (const name of ["Payroll review", "Hiring plan"]) {
      const payload = {
        organizationId: tenant.organizationId,
        teamId: randomUUID(),
        name,
        createdByUserId: tenant.userId,
      };
      published.push(await withTenant(database.db, tenant, (trx) => publishEvent(trx, "team.created", payload)));
    }
    await createOutboxRelay({ db: database.db, redis, streamKey: keys.stream }).drainOnce();
    await vi.waitFor(async () => expect(await redis.xlen(keys.deadLetter)).toBe(4), waitLong);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    redis.disconnect();
    await clearTestRedisPrefix(prefix);
    await database.destroy();
  });

  it("prints the dead letters of a group as a table of why they failed, never their payload", async () => {
    const { listed, lines } = await run({ action: "dead-letters", group: "welcome-mailer", limit: 50, prefix });

    expect(listed.map((deadLetter) => deadLetter.eventId)).toEqual(published.map((event) => event.id));
    expect(lines[0]).toMatch(/^entry id +group +event type +event id +attempts +failed at +error$/);
    expect(
      lines.slice(1, 3).every((line) => /welcome-mailer +team\.created .* 1 .*directory unreachable$/.test(line)),
    ).toBe(true);
    expect(lines.at(-1)).toBe("2 shown of welcome-mailer, 4 dead letters in all");
    expect(lines.join("\n")).not.toMatch(/Payroll review|Hiring plan/);
  });

  it("replays one dead letter by its id and then reports it gone", async () => {
    healed = true;
    const [target] = (await run({ action: "dead-letters", group: "directory-sync", limit: 1, prefix })).listed;

    const { replayed, lines } = await run({ action: "replay", entryId: target!.deadLetterId, prefix });

    expect(replayed.map((deadLetter) => deadLetter.eventId)).toEqual([published[0]!.id]);
    expect(lines[1]).toContain(`${target!.deadLetterId}  directory-sync  team.created`);
    await vi.waitFor(() => expect(handled["directory-sync"]).toEqual([published[0]!.id]), waitLong);
    expect(handled["welcome-mailer"]).toEqual([]);
    await expect(run({ action: "replay", entryId: target!.deadLetterId, prefix })).rejects.toBeInstanceOf(
      DeadLetterNotFoundError,
    );
  });

  it("replays all of one group's dead letters and leaves the others", async () => {
    healed = true;
    const { replayed, lines } = await run({ action: "replay-all", group: "welcome-mailer", prefix });

    expect(replayed).toHaveLength(2);
    expect(lines.at(-1)).toBe("queued 2 event(s) again, each for the one group that failed it");
    await vi.waitFor(() => expect(handled["welcome-mailer"]).toEqual(published.map((event) => event.id)), waitLong);
    const remaining = await run({ action: "dead-letters", limit: 50, prefix });
    expect(remaining.listed.length).toBeGreaterThan(0);
    expect(remaining.listed.every((deadLetter) => deadLetter.group === "directory-sync")).toBe(true);
    expect((await run({ action: "replay-all", group: "welcome-mailer", prefix })).lines).toEqual([
      "nothing to replay for welcome-mailer",
    ]);
  });
});
