import { createServiceClient } from "@cauldron/client-core";
import type { OrganizationChange } from "@cauldron/contracts";
import { eventKeys } from "@cauldron/events";
import { startInterruptibleProxy, type InterruptibleProxy } from "@cauldron/testing";
import { TRPCClientError } from "@trpc/client";
import { Redis } from "ioredis";
import { configuredRedisUrl } from "@cauldron/config";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { OrgRouter } from "../org-service";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let redis: Redis;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let organizationA: string;
let organizationB: string;
const stops: (() => void)[] = [];

beforeAll(async () => {
  kit = await startOrgTestKit();
  redis = new Redis(configuredRedisUrl());
  owner = await kit.createUser("owner");
  member = await kit.createUser("member");
  outsider = await kit.createUser("outsider");
  organizationA = (await kit.as(owner).org.create.mutate({ name: "Changes A" })).id;
  organizationB = (await kit.as(outsider).org.create.mutate({ name: "Changes B" })).id;
  await kit.join(owner, organizationA, member, "member");
  // The setup's own events must reach the stream before any test subscribes "from now".
  await vi.waitFor(
    async () => {
      const pending = await kit.database.ownerDb
        .selectFrom("integration.outbox")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("published_at", "is", null)
        .executeTakeFirstOrThrow();
      expect(Number(pending.count)).toBe(0);
    },
    { timeout: 15_000, interval: 50 },
  );
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

afterAll(async () => {
  redis?.disconnect();
  await kit?.close();
});

interface Delivery {
  id: string;
  data: OrganizationChange;
}

type OrgClient = ReturnType<typeof createServiceClient<OrgRouter>>;

/** Subscribes to org.onChange and records what arrives, until the test ends. */
function watch(client: OrgClient, lastEventId?: string) {
  const received: Delivery[] = [];
  let failure: unknown = null;
  const subscription = client.org.onChange.subscribe(lastEventId ? { lastEventId } : {}, {
    onData: (delivery) => received.push(delivery),
    onError: (error) => {
      failure = error;
    },
  });
  const stop = () => subscription.unsubscribe();
  stops.push(stop);
  return {
    received,
    stop,
    failure: () => failure,
    changes: () => received.filter((delivery) => delivery.data.type !== "subscribed"),
    /** Waits until `count` changes arrived (a marker does not count). */
    changesArrived: (count: number) =>
      vi.waitFor(
        () => {
          if (failure) throw new Error(`the subscription failed: ${String(failure)}`);
          expect(received.filter((delivery) => delivery.data.type !== "subscribed").length).toBeGreaterThanOrEqual(
            count,
          );
        },
        { timeout: 15_000, interval: 20 },
      ),
    subscribed: () =>
      vi.waitFor(() => expect(received.some((delivery) => delivery.data.type === "subscribed")).toBe(true), {
        timeout: 15_000,
        interval: 20,
      }),
  };
}

function failureCode(failure: unknown): string | undefined {
  return failure instanceof TRPCClientError ? (failure.data as { code?: string } | undefined)?.code : undefined;
}

function summary(delivery: Delivery): string {
  const change = delivery.data;
  switch (change.type) {
    case "subscribed":
    case "reset":
      return change.type;
    case "team.created":
      return `${change.type} ${change.payload.name}`;
    default:
      return change.type;
  }
}

const asOwner = () => kit.as(owner, organizationA);

describe("org.onChange", () => {
  it("streams the organization's member and team changes in the order they happened", async () => {
    const stream = watch(asOwner());
    await stream.subscribed();

    const team = await asOwner().org.teams.create.mutate({ name: "Ordered" });
    await asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: member.id });
    await asOwner().org.members.updateRole.mutate({ userId: member.id, role: "admin" });
    await asOwner().org.teams.update.mutate({ teamId: team.id, name: "Ordered Renamed" });
    await asOwner().org.teams.members.remove.mutate({ teamId: team.id, userId: member.id });
    await asOwner().org.teams.delete.mutate({ teamId: team.id });
    await asOwner().org.members.updateRole.mutate({ userId: member.id, role: "member" });

    await stream.changesArrived(7);
    expect(stream.changes().map(summary)).toEqual([
      "team.created Ordered",
      "team.member.added",
      "member.role_changed",
      "team.updated",
      "team.member.removed",
      "team.deleted",
      "member.role_changed",
    ]);
    expect(stream.changes()[2]?.data).toMatchObject({
      type: "member.role_changed",
      payload: { organizationId: organizationA, userId: member.id, previousRole: "member", role: "admin" },
    });
  });

  it("resumes after an explicit lastEventId with every later change once", async () => {
    const first = watch(asOwner());
    await first.subscribed();
    await asOwner().org.teams.create.mutate({ name: "Before the gap" });
    await first.changesArrived(1);
    const lastSeen = first.received[first.received.length - 1] as Delivery;
    first.stop();

    for (const name of ["Gap one", "Gap two", "Gap three"]) await asOwner().org.teams.create.mutate({ name });
    const resumed = watch(asOwner(), lastSeen.id);
    await resumed.changesArrived(3);
    await asOwner().org.teams.create.mutate({ name: "After the gap" });
    await resumed.changesArrived(4);
    expect(resumed.received.map(summary)).toEqual([
      "team.created Gap one",
      "team.created Gap two",
      "team.created Gap three",
      "team.created After the gap",
    ]);
  });

  describe("through a connection that drops mid-stream", () => {
    let proxy: InterruptibleProxy;

    beforeAll(async () => {
      proxy = await startInterruptibleProxy(kit.service.url);
    });

    afterAll(async () => {
      await proxy?.close();
    });

    it("reconnects on its own and delivers what changed while cut off, nothing missing or repeated", async () => {
      let tokenReads = 0;
      const token = () => {
        tokenReads += 1;
        return owner.token;
      };
      const client = createServiceClient<OrgRouter>({ url: proxy.url, token, organizationId: organizationA });
      const stream = watch(client);
      await stream.subscribed();
      await asOwner().org.teams.create.mutate({ name: "Seen live" });
      await stream.changesArrived(1);

      proxy.cut();
      const team = await asOwner().org.teams.create.mutate({ name: "Made while cut off" });
      await asOwner().org.teams.members.add.mutate({ teamId: team.id, userId: member.id });
      await asOwner().org.teams.members.remove.mutate({ teamId: team.id, userId: member.id });
      const connectionsBefore = proxy.connections();
      const tokenReadsBefore = tokenReads;
      proxy.resume();

      await stream.changesArrived(4);
      await asOwner().org.teams.create.mutate({ name: "After the reconnect" });
      await stream.changesArrived(5);
      expect(proxy.connections()).toBeGreaterThan(connectionsBefore);
      // The reconnect presented the token as it is now, not the one the stream started with.
      expect(tokenReads).toBeGreaterThan(tokenReadsBefore);
      expect(stream.changes().map(summary)).toEqual([
        "team.created Seen live",
        "team.created Made while cut off",
        "team.member.added",
        "team.member.removed",
        "team.created After the reconnect",
      ]);
      const eventIds = stream.changes().map((delivery) => (delivery.data as { eventId: string }).eventId);
      expect(new Set(eventIds).size).toBe(eventIds.length);
      expect(stream.failure()).toBeNull();
    });
  });

  it("never sends one organization's changes to a member of another", async () => {
    const inA = watch(asOwner());
    const inB = watch(kit.as(outsider, organizationB));
    await Promise.all([inA.subscribed(), inB.subscribed()]);

    await asOwner().org.teams.create.mutate({ name: "Only for A" });
    await asOwner().org.members.updateRole.mutate({ userId: member.id, role: "viewer" });
    await kit.as(outsider, organizationB).org.teams.create.mutate({ name: "Only for B" });

    await inB.changesArrived(1);
    await inA.changesArrived(2);
    expect(inB.changes().map(summary)).toEqual(["team.created Only for B"]);
    expect(JSON.stringify(inB.received)).not.toContain(organizationA);
    expect(inA.changes().map(summary)).toEqual(["team.created Only for A", "member.role_changed"]);
    await asOwner().org.members.updateRole.mutate({ userId: member.id, role: "member" });
  });

  it("refuses a subscriber who is signed out, or not a member of the organization", async () => {
    const signedOut = watch(kit.service.client({ organizationId: organizationA }));
    const stranger = watch(kit.as(outsider, organizationA));
    await vi.waitFor(() => expect(failureCode(signedOut.failure())).toBe("UNAUTHORIZED"), { timeout: 15_000 });
    await vi.waitFor(() => expect(failureCode(stranger.failure())).toBe("FORBIDDEN"), { timeout: 15_000 });
    expect([...signedOut.received, ...stranger.received]).toEqual([]);
  });

  it("ends the stream of a member removed while subscribed, and refuses them on reconnect", async () => {
    const leaving = await kit.createUser("leaving");
    await kit.join(owner, organizationA, leaving, "member");
    await kit.takeEvents();
    const stream = watch(kit.as(leaving, organizationA));
    await stream.subscribed();

    await asOwner().org.members.remove.mutate({ userId: leaving.id });

    await vi.waitFor(() => expect(failureCode(stream.failure())).toBe("FORBIDDEN"), { timeout: 15_000 });
    expect((stream.failure() as TRPCClientError<OrgRouter>).data).toMatchObject({ reason: "access_revoked" });
    expect(stream.changes().map(summary)).toEqual(["member.removed"]);
    const lastSeen = stream.received[stream.received.length - 1] as Delivery;
    const again = watch(kit.as(leaving, organizationA), lastSeen.id);
    await vi.waitFor(() => expect(failureCode(again.failure())).toBe("FORBIDDEN"), { timeout: 15_000 });
    expect(again.received).toEqual([]);
  });

  it("sends a reset instead of changes the event stream no longer holds", async () => {
    const first = watch(asOwner());
    await first.subscribed();
    await asOwner().org.teams.create.mutate({ name: "Soon trimmed" });
    await first.changesArrived(1);
    const lastSeen = first.received[first.received.length - 1] as Delivery;
    first.stop();

    await asOwner().org.teams.create.mutate({ name: "Trimmed away" });
    await kit.takeEvents();
    await redis.xtrim(eventKeys(kit.service.redisKeyPrefix).stream, "MAXLEN", 0);

    const resumed = watch(asOwner(), lastSeen.id);
    await asOwner().org.teams.create.mutate({ name: "After the reset" });
    await resumed.changesArrived(2);
    expect(resumed.received.map(summary)).toEqual(["reset", "team.created After the reset"]);
    expect(resumed.received[0]?.data).toEqual({ type: "reset", reason: "expired" });
  });
});
