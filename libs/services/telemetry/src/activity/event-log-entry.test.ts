import {
  EVENT_NAMES,
  eventCatalogsByPublisher,
  parseEventPayload,
  type AnyDomainEvent,
  type EventName,
  type EventPayload,
} from "@cauldron/events";
import { describe, expect, it } from "vitest";
import { eventLogConsumer } from "./event-log-consumer";
import { boundedDetails, eventLogEntryOf, eventSourceOf, MAX_EVENT_DETAILS_BYTES } from "./event-log-entry";

const ORGANIZATION = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
const ACTOR = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const OTHER = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";

function eventOf<N extends EventName>(
  type: N,
  payload: EventPayload<N>,
  extra: Partial<Pick<AnyDomainEvent, "aggregate" | "metadata" | "organizationId">> = {},
): AnyDomainEvent {
  return {
    id: "4b3a2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d",
    type,
    organizationId: extra.organizationId ?? null,
    occurredAt: "2026-12-02T10:15:30.123Z",
    aggregate: extra.aggregate ?? { type: type.split(".")[0] ?? type, id: null },
    payload: parseEventPayload(type, payload),
    metadata: extra.metadata ?? {},
  } as AnyDomainEvent;
}

describe("what the event log keeps of an event", () => {
  it("has a handler and a publishing service for every catalogued event", () => {
    expect(Object.keys(eventLogConsumer().handlers).sort()).toEqual([...EVENT_NAMES].sort());
    for (const [publisher, events] of Object.entries(eventCatalogsByPublisher)) {
      for (const name of Object.keys(events)) expect(eventSourceOf(name as EventName)).toBe(publisher);
    }
    expect(eventSourceOf("user.signed_in")).toBe("auth");
    expect(eventSourceOf("email.requested")).toBe("platform");
  });

  it("keeps the event's id, time, organization, aggregate and payload", () => {
    const payload = { organizationId: ORGANIZATION, userId: OTHER, role: "member", addedByUserId: ACTOR };
    const entry = eventLogEntryOf(
      eventOf("member.added", payload, {
        organizationId: ORGANIZATION,
        aggregate: { type: "member", id: OTHER },
      }),
    );
    expect(entry).toEqual({
      eventId: "4b3a2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d",
      time: new Date("2026-12-02T10:15:30.123Z"),
      organizationId: ORGANIZATION,
      eventType: "member.added",
      source: "org",
      actorUserId: ACTOR,
      entityType: "member",
      entityId: OTHER,
      severity: "info",
      details: payload,
    });
  });

  it("names the request's actor first, then the payload's actorUserId or <verb>ByUserId, else nobody", () => {
    const silenced = { alertId: OTHER, organizationId: ORGANIZATION, until: "2026-12-03T00:00:00Z" };
    expect(
      eventLogEntryOf(
        eventOf("alert.silenced", { ...silenced, actorUserId: ACTOR }, { metadata: { actorUserId: OTHER } }),
      ).actorUserId,
    ).toBe(OTHER);
    expect(eventLogEntryOf(eventOf("alert.silenced", { ...silenced, actorUserId: ACTOR })).actorUserId).toBe(ACTOR);
    const revoked = { userId: OTHER, apiTokenId: OTHER, organizationId: null, revokedByUserId: ACTOR };
    expect(eventLogEntryOf(eventOf("api_token.revoked", revoked)).actorUserId).toBe(ACTOR);
    expect(eventLogEntryOf(eventOf("alert.silenced", { ...silenced, actorUserId: null })).actorUserId).toBeNull();
  });

  it("takes an alert's or anomaly's own severity, and info for everything else", () => {
    const raised = {
      alertId: OTHER,
      organizationId: ORGANIZATION,
      alertType: "threshold",
      source: "rules",
      severity: "critical" as const,
      title: "CPU high",
      description: null,
      assignedToUserId: null,
    };
    expect(eventLogEntryOf(eventOf("alert.raised", raised)).severity).toBe("critical");
    const anomaly = {
      detectorId: OTHER,
      organizationId: ORGANIZATION,
      metricName: "cpu",
      time: "2026-12-02T10:00:00Z",
      actualValue: 9,
      expectedValue: 1,
      severity: "warning" as const,
    };
    expect(eventLogEntryOf(eventOf("anomaly.detected", anomaly)).severity).toBe("warning");
    expect(eventLogEntryOf(eventOf("user.email_confirmed", { userId: OTHER })).severity).toBe("info");
  });

  it("leaves entity_id empty for an aggregate not identified by a uuid", () => {
    const entry = eventLogEntryOf(
      eventOf("user.email_confirmed", { userId: OTHER }, { aggregate: { type: "user", id: "not-a-uuid" } }),
    );
    expect([entry.entityType, entry.entityId]).toEqual(["user", null]);
  });

  it("keeps a payload too large to store beside every other event only by its size", () => {
    const large = { title: "x".repeat(MAX_EVENT_DETAILS_BYTES) };
    expect(boundedDetails(large)).toEqual({ truncated: true, bytes: MAX_EVENT_DETAILS_BYTES + 12 });
    expect(boundedDetails({ title: "short" })).toEqual({ title: "short" });
  });
});
