import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import { createOutboxRelay, listenForOutboxAppends, publishEvent } from "./index";

describe("outbox notifications", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;
  const logger = pino({ level: "silent" });

  const publishTeamCreated = () =>
    withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(trx, "team.created", {
        organizationId: tenant.organizationId,
        teamId: randomUUID(),
        name: "Research",
        createdByUserId: tenant.userId,
      }),
    );

  const publishedAt = (eventId: string) =>
    withSystem(fixture.database.db, (trx) =>
      trx.selectFrom("integration.outbox").select("published_at").where("id", "=", eventId).executeTakeFirstOrThrow(),
    ).then((row) => row.published_at);

  it("wakes an idle relay when an event commits, instead of waiting for its next poll", async () => {
    const notifications = listenForOutboxAppends({ connectionString: fixture.database.appUrl, logger });
    // Polls so far apart that only a notification can get the event out within the test.
    const relay = createOutboxRelay({
      db: fixture.database.db,
      redis: fixture.redis,
      streamKey: fixture.keys.stream,
      notifications,
      pollIntervalMs: 600_000,
      listeningPollMs: 600_000,
    });
    try {
      await vi.waitFor(() => expect(notifications.listening).toBe(true), { timeout: 5_000 });
      relay.start();
      await publishTeamCreated();
      const event = await publishTeamCreated();
      await vi.waitFor(async () => expect(await publishedAt(event.id)).not.toBeNull(), {
        timeout: 5_000,
        interval: 20,
      });
    } finally {
      await relay.stop();
      await notifications.close();
    }
  });

  it("falls back to polling when the database refuses LISTEN, as transaction-mode poolers do", async () => {
    const unreachable = new URL(fixture.database.appUrl);
    unreachable.port = "1";
    const notifications = listenForOutboxAppends({ connectionString: unreachable.toString(), logger });
    const relay = createOutboxRelay({
      db: fixture.database.db,
      redis: fixture.redis,
      streamKey: fixture.keys.stream,
      notifications,
      pollIntervalMs: 20,
      idlePollMaxMs: 100,
      listeningPollMs: 600_000,
    });
    try {
      relay.start();
      const event = await publishTeamCreated();
      await vi.waitFor(async () => expect(await publishedAt(event.id)).not.toBeNull(), {
        timeout: 5_000,
        interval: 20,
      });
      expect(notifications.listening).toBe(false);
    } finally {
      await relay.stop();
      await notifications.close();
    }
  });
});
