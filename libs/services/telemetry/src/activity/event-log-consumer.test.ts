import { randomUUID } from "node:crypto";
import { withSystem, withTenant } from "@cauldron/db";
import {
  publishEvent,
  type AnyDomainEvent,
  type EventName,
  type EventPayload,
  type PublishEventOptions,
} from "@cauldron/events";
import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { logDomainEvent } from "./event-log-consumer";

let kit: TelemetryTestKit;
let first: TestOrganization;
let second: TestOrganization;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  first = await kit.createOrganization("first");
  second = await kit.createOrganization("second");
});

afterAll(async () => {
  await kit?.close();
});

/** Publishes as the services do (the outbox row commits with the change) and returns the event. */
function publish<N extends EventName>(name: N, payload: EventPayload<N>, options: PublishEventOptions = {}) {
  return withSystem(kit.database.db, (trx) => publishEvent(trx, name, payload, options)) as Promise<AnyDomainEvent>;
}

const handle = (event: AnyDomainEvent) => withSystem(kit.database.db, (trx) => logDomainEvent(event, trx));

const loggedAsSystem = (eventId: string) =>
  kit.database.ownerDb.selectFrom("timeseries.events").selectAll().where("event_id", "=", eventId).execute();

const teamCreated = (organization: TestOrganization, actorUserId: string) =>
  publish(
    "team.created",
    { organizationId: organization.id, teamId: randomUUID(), name: "Ops", createdByUserId: actorUserId },
    { metadata: { actorUserId } },
  );

describe("the event log", () => {
  it("stores an event once even when it is handled twice", async () => {
    const event = await teamCreated(first, first.owner.id);
    await handle(event);
    await handle(event);

    const rows = await loggedAsSystem(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organization_id: first.id,
      event_type: "team.created",
      source: "org",
      user_id: first.owner.id,
      entity_type: "team",
      severity: "info",
      details: { name: "Ops", organizationId: first.id },
    });
    expect(rows[0]?.time.toISOString()).toBe(event.occurredAt);
  });

  it("shows an organization's members only its own events", async () => {
    const ours = await teamCreated(first, first.owner.id);
    const theirs = await teamCreated(second, second.owner.id);
    await handle(ours);
    await handle(theirs);

    const asMember = (organization: TestOrganization) =>
      withTenant(kit.database.db, { userId: organization.owner.id, organizationId: organization.id }, (trx) =>
        trx.selectFrom("timeseries.events").select("event_id").where("event_id", "in", [ours.id, theirs.id]).execute(),
      );
    expect(await asMember(first)).toEqual([{ event_id: ours.id }]);
    expect(await asMember(second)).toEqual([{ event_id: theirs.id }]);
  });

  it("keeps events of no organization for the system role alone", async () => {
    const user = await kit.createUser("confirmed");
    const event = await publish("user.email_confirmed", { userId: user.id }, { metadata: { actorUserId: user.id } });
    await handle(event);

    expect(await loggedAsSystem(event.id)).toEqual([
      expect.objectContaining({ organization_id: null, source: "auth", user_id: user.id, entity_id: user.id }),
    ]);
    for (const organization of [first, second]) {
      const visible = await withTenant(
        kit.database.db,
        { userId: organization.owner.id, organizationId: organization.id },
        (trx) => trx.selectFrom("timeseries.events").select("event_id").where("event_id", "=", event.id).execute(),
      );
      expect(visible).toEqual([]);
    }
  });

  it("names no user when the actor is no user of the platform", async () => {
    const event = await teamCreated(first, randomUUID());
    await handle(event);
    expect((await loggedAsSystem(event.id))[0]?.user_id).toBeNull();
  });

  it("records a sign-in as the user's platform-level activity, once", async () => {
    const user = await kit.createUser("signing-in");
    const event = await publish(
      "user.signed_in",
      { userId: user.id, sessionId: randomUUID(), aal: "aal2" },
      { metadata: { actorUserId: user.id } },
    );
    await handle(event);
    await handle(event);

    const activity = await kit.database.ownerDb
      .selectFrom("timeseries.user_activity")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(activity).toEqual([
      {
        time: new Date(event.occurredAt),
        organization_id: null,
        user_id: user.id,
        activity_type: "sign_in",
        details: { aal: "aal2" },
        ip_address: null,
        user_agent: null,
      },
    ]);
  });
});
