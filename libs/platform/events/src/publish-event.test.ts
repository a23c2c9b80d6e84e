import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import { describe, expect, it } from "vitest";
import { useEventsTestFixture } from "./testing/events-fixture";
import { createOutboxRelay, InvalidEventPayloadError, publishEvent, type EventPayload } from "./index";

describe("publishEvent", () => {
  const fixture = useEventsTestFixture();
  const { tenant } = fixture;

  const outboxRows = (eventId: string) =>
    withSystem(fixture.database.db, (trx) =>
      trx.selectFrom("integration.outbox").selectAll().where("id", "=", eventId).execute(),
    );

  it("writes the event to the outbox in the caller's transaction, with organization and aggregate taken from the payload", async () => {
    const documentId = randomUUID();
    const event = await withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(
        trx,
        "document.deleted",
        { organizationId: tenant.organizationId, documentId, deletedByUserId: tenant.userId, teamIds: [] },
        { metadata: { requestId: "req-1", actorUserId: tenant.userId } },
      ),
    );

    const [row] = await outboxRows(event.id);
    expect(row).toMatchObject({
      event_type: "document.deleted",
      organization_id: tenant.organizationId,
      aggregate_type: "document",
      aggregate_id: documentId,
      payload: { organizationId: tenant.organizationId, documentId, deletedByUserId: tenant.userId, teamIds: [] },
      metadata: { requestId: "req-1", actorUserId: tenant.userId },
      published_at: null,
      publish_attempts: 0,
    });
    expect(event).toMatchObject({ type: "document.deleted", organizationId: tenant.organizationId });
  });

  it("publishes nothing when the caller's transaction rolls back", async () => {
    let eventId = "";
    await expect(
      withTenant(fixture.database.db, tenant, async (trx) => {
        const event = await publishEvent(trx, "team.created", {
          organizationId: tenant.organizationId,
          teamId: randomUUID(),
          name: "Platform",
          createdByUserId: tenant.userId,
        });
        eventId = event.id;
        throw new Error("team name already taken");
      }),
    ).rejects.toThrow("team name already taken");

    const relay = createOutboxRelay({ db: fixture.database.db, redis: fixture.redis, streamKey: fixture.keys.stream });
    await relay.drainOnce();

    expect(await outboxRows(eventId)).toEqual([]);
    const entries = await fixture.redis.xrange(fixture.keys.stream, "-", "+");
    expect(entries.flatMap(([, fields]) => fields)).not.toContain(eventId);
  });

  it("rejects a payload that breaks the catalog schema, naming every bad field, and writes nothing", async () => {
    const badPayload = {
      organizationId: "not-a-uuid",
      userId: randomUUID(),
      role: "",
    } as unknown as EventPayload<"member.added">;

    const attempt = withTenant(fixture.database.db, tenant, (trx) => publishEvent(trx, "member.added", badPayload));

    await expect(attempt).rejects.toBeInstanceOf(InvalidEventPayloadError);
    const error = (await attempt.catch((caught: unknown) => caught)) as InvalidEventPayloadError;
    expect(error.eventType).toBe("member.added");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["addedByUserId", "organizationId", "role"]);
    expect(error.message).toMatch(/^Invalid payload for event "member\.added": /);
    const count = await withSystem(fixture.database.db, (trx) =>
      trx
        .selectFrom("integration.outbox")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("event_type", "=", "member.added")
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.count)).toBe(0);
  });

  it("rejects an event name missing from the catalog", async () => {
    const attempt = withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(trx, "document.archived" as "document.deleted", {
        organizationId: tenant.organizationId,
        documentId: randomUUID(),
        deletedByUserId: null,
        teamIds: [],
      }),
    );

    await expect(attempt).rejects.toThrow('Unknown event type "document.archived"');
  });

  it("refuses an organizationId option that contradicts the payload", async () => {
    const attempt = withTenant(fixture.database.db, tenant, (trx) =>
      publishEvent(
        trx,
        "team.deleted",
        { organizationId: tenant.organizationId, teamId: randomUUID(), deletedByUserId: null },
        { organizationId: randomUUID() },
      ),
    );

    await expect(attempt).rejects.toThrow(/differs from payload\.organizationId/);
  });
});
