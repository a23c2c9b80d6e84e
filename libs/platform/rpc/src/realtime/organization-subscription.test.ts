import { randomUUID } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { createRealtimeHub, eventKeys, type AnyDomainEvent, type RealtimeHub } from "@cauldron/events";
import { createTestRedisPrefix } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal";
import { RefusalError } from "../errors/refusal";
import { organizationSubscription } from "./organization-subscription";

const organizationId = randomUUID();
const otherOrganizationId = randomUUID();
const userId = randomUUID();
const sessionId = randomUUID();
const tokenId = randomUUID();

function event(
  type: AnyDomainEvent["type"],
  organization: string | null,
  payload: Record<string, unknown>,
): AnyDomainEvent {
  return {
    id: randomUUID(),
    type,
    organizationId: organization,
    occurredAt: new Date().toISOString(),
    aggregate: { type: type.split(".")[0] as string, id: null },
    payload,
    metadata: {},
  } as AnyDomainEvent;
}

const teamCreated = (organization: string, name: string) =>
  event("team.created", organization, {
    organizationId: organization,
    teamId: randomUUID(),
    name,
    createdByUserId: null,
  });

describe("organizationSubscription", () => {
  let redis: Redis;
  let prefix: string;
  let streamKey: string;
  let hub: RealtimeHub;

  beforeAll(() => {
    redis = new Redis(configuredRedisUrl());
    prefix = createTestRedisPrefix();
  });

  afterAll(async () => {
    await hub?.close();
    redis.disconnect();
  });

  async function append(...events: AnyDomainEvent[]): Promise<void> {
    for (const item of events)
      await redis.xadd(streamKey, "*", "id", item.id, "type", item.type, "data", JSON.stringify(item));
  }

  /** Runs a subscription over `events` and returns the team names it sent and how it ended. */
  async function run(principal: Principal, events: AnyDomainEvent[]) {
    streamKey = eventKeys(`${prefix}${randomUUID()}:`).stream;
    hub = createRealtimeHub({ redis, streamKey, blockMs: 200 });
    const messages = organizationSubscription({
      hub,
      organizationId,
      principal,
      select: (item) => (item.type === "team.created" ? item.payload.name : null),
    });
    const sent: string[] = [];
    const first = await messages.next();
    expect(first.value?.[1]).toEqual({ type: "subscribed" });
    await append(...events);
    try {
      for await (const [, message] of messages) {
        if (typeof message === "string") sent.push(message);
        if (sent.includes("last")) break;
      }
      return { sent, ended: null };
    } catch (error) {
      return { sent, ended: error instanceof RefusalError ? `${error.code} ${error.reason}` : String(error) };
    } finally {
      await hub.close();
    }
  }

  const user: Principal = { kind: "user", userId, sessionId, aal: "aal1" };

  it("sends only the events of its own organization", async () => {
    const result = await run(user, [
      teamCreated(otherOrganizationId, "elsewhere"),
      teamCreated(organizationId, "here"),
      event("member.removed", otherOrganizationId, {
        organizationId: otherOrganizationId,
        userId,
        removedByUserId: null,
      }),
      teamCreated(organizationId, "last"),
    ]);
    expect(result).toEqual({ sent: ["here", "last"], ended: null });
  });

  it("ends with FORBIDDEN when the subscriber is removed from the organization", async () => {
    const removed = event("member.removed", organizationId, { organizationId, userId, removedByUserId: null });
    const result = await run(user, [
      teamCreated(organizationId, "before"),
      removed,
      teamCreated(organizationId, "last"),
    ]);
    expect(result).toEqual({ sent: ["before"], ended: "FORBIDDEN access_revoked" });
  });

  it("ends with UNAUTHORIZED when the subscriber's session is revoked or their account disabled", async () => {
    const revoked = event("session.revoked", null, { userId, sessionId, reason: "sign_out" });
    expect(await run(user, [revoked, teamCreated(organizationId, "last")])).toEqual({
      sent: [],
      ended: "UNAUTHORIZED access_revoked",
    });
    const disabled = event("user.disabled", null, { userId, reason: null, disabledByUserId: null });
    expect(await run(user, [disabled, teamCreated(organizationId, "last")])).toEqual({
      sent: [],
      ended: "UNAUTHORIZED access_revoked",
    });
  });

  it("ends with UNAUTHORIZED when the API token it subscribed with is revoked, and not for another session's end", async () => {
    const token: Principal = {
      kind: "api_token",
      userId,
      tokenId,
      scopes: ["members:read"],
      organizationId,
      aal: "aal1",
    };
    const otherSession = event("session.revoked", null, { userId, sessionId: randomUUID(), reason: "sign_out" });
    const revoked = event("api_token.revoked", null, {
      userId,
      apiTokenId: tokenId,
      organizationId,
      revokedByUserId: null,
    });
    expect(await run(token, [otherSession, teamCreated(organizationId, "kept"), revoked])).toEqual({
      sent: ["kept"],
      ended: "UNAUTHORIZED access_revoked",
    });
  });
});
