import { randomUUID } from "node:crypto";
import type { DomainEvent } from "@cauldron/events";
import { describe, expect, it } from "vitest";
import { accountActivityOf } from "./account-activity";

const userId = randomUUID();

function signIn(client: { ipAddress?: string | null; userAgent?: string | null }): DomainEvent<"user.signed_in"> {
  return {
    id: randomUUID(),
    type: "user.signed_in",
    organizationId: null,
    occurredAt: "2026-12-03T10:00:00.000Z",
    aggregate: { type: "user", id: userId },
    payload: { userId, sessionId: randomUUID(), aal: "aal2", ...client },
    metadata: {},
  };
}

describe("accountActivityOf", () => {
  it("keeps the client's address and user agent a sign-in came with, and never the session", () => {
    const activity = accountActivityOf(signIn({ ipAddress: "203.0.113.7", userAgent: "curl/8.5" }));
    expect(activity).toEqual({
      time: new Date("2026-12-03T10:00:00.000Z"),
      userId,
      organizationId: null,
      activityType: "sign_in",
      details: { aal: "aal2" },
      ipAddress: "203.0.113.7",
      userAgent: "curl/8.5",
    });
  });

  it("leaves them empty for events published without them, and drops an address that is not one", () => {
    expect(accountActivityOf(signIn({}))).toMatchObject({ ipAddress: null, userAgent: null });
    expect(accountActivityOf(signIn({ ipAddress: "not-an-address", userAgent: null }))).toMatchObject({
      ipAddress: null,
    });
  });
});
