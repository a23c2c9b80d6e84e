import { randomUUID } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { createTestRedisPrefix } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toStreamFields, type AnyDomainEvent } from "./domain-event";
import { createRealtimeHub, eventKeys, type RealtimeDelivery, type RealtimeHub } from "./index";

const organizationA = randomUUID();
const organizationB = randomUUID();

function teamCreated(organizationId: string, name: string): AnyDomainEvent {
  const teamId = randomUUID();
  return {
    id: randomUUID(),
    type: "team.created",
    organizationId,
    occurredAt: new Date().toISOString(),
    aggregate: { type: "team", id: teamId },
    payload: { organizationId, teamId, name, createdByUserId: null },
    metadata: {},
  };
}

const inOrganizationA = (event: AnyDomainEvent) => event.organizationId === organizationA;

/** What a delivery says, without its stream id: the kind, and the team name of an event. */
function summary(delivery: RealtimeDelivery): string {
  if (delivery.kind !== "event") return delivery.kind === "reset" ? `reset:${delivery.reason}` : delivery.kind;
  return delivery.event.type === "team.created" ? delivery.event.payload.name : delivery.event.type;
}

describe("realtime hub", () => {
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

  function freshStream(): void {
    streamKey = eventKeys(`${prefix}${randomUUID()}:`).stream;
    hub = createRealtimeHub({ redis, streamKey, blockMs: 200 });
  }

  async function append(...events: AnyDomainEvent[]): Promise<string[]> {
    const ids: string[] = [];
    for (const event of events) ids.push((await redis.xadd(streamKey, "*", ...toStreamFields(event))) as string);
    return ids;
  }

  async function take(iterator: AsyncIterator<RealtimeDelivery>, count: number): Promise<RealtimeDelivery[]> {
    const taken: RealtimeDelivery[] = [];
    while (taken.length < count) {
      const next = await iterator.next();
      if (next.done) throw new Error(`the follower ended after ${taken.length} of ${count} deliveries`);
      taken.push(next.value);
    }
    return taken;
  }

  it("starts from now with a position to resume from, then delivers only accepted events as they arrive", async () => {
    freshStream();
    await append(teamCreated(organizationA, "before"));
    const follower = hub.follow({ accepts: inOrganizationA });
    const [following] = await take(follower, 1);
    expect(following?.kind).toBe("following");

    const appended = append(
      teamCreated(organizationB, "other tenant"),
      teamCreated(organizationA, "one"),
      teamCreated(organizationA, "two"),
    );
    const delivered = await take(follower, 2);
    const ids = await appended;
    expect(delivered.map(summary)).toEqual(["one", "two"]);
    expect(delivered.map((delivery) => delivery.streamId)).toEqual(ids.slice(1));
    await follower.return();
  });

  it("resumes after the last id it was given, with nothing skipped or repeated", async () => {
    freshStream();
    const ids = await append(
      teamCreated(organizationA, "one"),
      teamCreated(organizationA, "two"),
      teamCreated(organizationB, "other tenant"),
      teamCreated(organizationA, "three"),
    );
    const follower = hub.follow({ after: ids[0], accepts: inOrganizationA });
    expect((await take(follower, 2)).map(summary)).toEqual(["two", "three"]);
    await follower.return();
  });

  it("pages through a backlog longer than one read", async () => {
    streamKey = eventKeys(`${prefix}${randomUUID()}:`).stream;
    const paging = createRealtimeHub({ redis, streamKey, pageSize: 3, blockMs: 200 });
    const names = Array.from({ length: 10 }, (_, index) => `team ${index}`);
    const ids = await append(...names.map((name) => teamCreated(organizationA, name)));
    const follower = paging.follow({ after: "0-0", accepts: inOrganizationA });
    const delivered = await take(follower, names.length);
    expect(delivered.map(summary)).toEqual(names);
    expect(delivered.map((delivery) => delivery.streamId)).toEqual(ids);
    await paging.close();
  });

  it("says reset when entries after the position were trimmed, and continues from the stream's end", async () => {
    freshStream();
    const ids = await append(...["one", "two", "three"].map((name) => teamCreated(organizationA, name)));
    await redis.xtrim(streamKey, "MAXLEN", 1);
    const follower = hub.follow({ after: ids[0], accepts: inOrganizationA });
    const [reset] = await take(follower, 1);
    expect(reset).toEqual({ kind: "reset", reason: "expired", streamId: ids[2] });
    await append(teamCreated(organizationA, "four"));
    expect((await take(follower, 1)).map(summary)).toEqual(["four"]);
    await follower.return();
  });

  it("says reset when it falls behind what the stream keeps while following", async () => {
    streamKey = eventKeys(`${prefix}${randomUUID()}:`).stream;
    const paging = createRealtimeHub({ redis, streamKey, pageSize: 1, blockMs: 200 });
    const follower = paging.follow({ accepts: inOrganizationA });
    await take(follower, 1);
    const ids = await append(...["one", "two", "three"].map((name) => teamCreated(organizationA, name)));
    expect((await take(follower, 1)).map(summary)).toEqual(["one"]);
    await redis.xtrim(streamKey, "MAXLEN", 1);
    expect(await take(follower, 1)).toEqual([{ kind: "reset", reason: "expired", streamId: ids[2] }]);
    await append(teamCreated(organizationA, "four"));
    expect((await take(follower, 1)).map(summary)).toEqual(["four"]);
    await paging.close();
  });

  it("says reset for a position the stream never handed out", async () => {
    freshStream();
    const [id] = await append(teamCreated(organizationA, "one"));
    const follower = hub.follow({ after: "99999999999999-0", accepts: inOrganizationA });
    expect(await take(follower, 1)).toEqual([{ kind: "reset", reason: "unknown_position", streamId: id }]);
    await follower.return();
  });

  it("ends a follower when its signal aborts, and every follower when the hub closes", async () => {
    freshStream();
    const controller = new AbortController();
    const aborted = hub.follow({ accepts: inOrganizationA, signal: controller.signal });
    const other = hub.follow({ accepts: inOrganizationA });
    await take(aborted, 1);
    await take(other, 1);
    const abortedEnd = aborted.next();
    controller.abort();
    expect(await abortedEnd).toEqual({ done: true, value: undefined });
    const otherEnd = other.next();
    await hub.close();
    expect(await otherEnd).toEqual({ done: true, value: undefined });
  });
});
