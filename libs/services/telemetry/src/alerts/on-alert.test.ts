import type { AlertChange } from "@cauldron/contracts";
import { codeOf, createEventTap, type EventTap, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { evaluateDueRules } from "./evaluation/evaluate-due-rules";

let kit: TelemetryTestKit;
let tap: EventTap;
let first: TestOrganization;
let second: TestOrganization;
let reader: TestPerson;
const stops: (() => void)[] = [];
let clock = Date.now() + 1_000;

interface Delivery {
  id: string;
  data: AlertChange;
}

type TelemetryClient = ReturnType<TelemetryTestKit["ownerOf"]>;

/** Subscribes to telemetry.onAlert and keeps what arrives until the test ends. */
function watch(client: TelemetryClient, lastEventId?: string) {
  const received: Delivery[] = [];
  let failure: unknown = null;
  const subscription = client.telemetry.onAlert.subscribe(lastEventId ? { lastEventId } : {}, {
    onData: (delivery) => received.push(delivery),
    onError: (error) => {
      failure = error;
    },
  });
  stops.push(() => subscription.unsubscribe());
  const changes = () => received.filter((delivery) => delivery.data.type.startsWith("alert."));
  return {
    received,
    changes,
    stop: () => subscription.unsubscribe(),
    failure: () => failure,
    subscribed: () =>
      vi.waitFor(() => expect(received.some((delivery) => delivery.data.type === "subscribed")).toBe(true), {
        timeout: 15_000,
        interval: 20,
      }),
    changesArrived: (count: number) =>
      vi.waitFor(
        () => {
          if (failure) throw new Error(`the subscription failed: ${String(failure)}`);
          expect(changes().length).toBeGreaterThanOrEqual(count);
        },
        { timeout: 15_000, interval: 20 },
      ),
  };
}

/** Raises an alert in `organization` through a rule that fires at once, and relays its events. */
async function raiseIn(organization: TestOrganization, name: string): Promise<{ alertId: string; ruleId: string }> {
  const telemetry = kit.ownerOf(organization).telemetry;
  const rule = await telemetry.alerts.rules.create.mutate({
    name,
    metric: "jobs.failed",
    aggregate: "max",
    window: "1 minute",
    condition: ">",
    threshold: 0,
  });
  clock += 120_000;
  await telemetry.metrics.write.mutate({
    points: [{ metric: "jobs.failed", time: new Date(clock - 1_000), value: 3 }],
  });
  await evaluateDueRules(kit.database.db, { now: new Date(clock) });
  const { items } = await telemetry.alerts.list.query({ ruleId: rule.id });
  await tap.take();
  return { alertId: items[0]?.id ?? "", ruleId: rule.id };
}

/** Disables a rule, which resolves its alert, and relays the events. */
async function retire(organization: TestOrganization, ruleId: string): Promise<void> {
  await kit.ownerOf(organization).telemetry.alerts.rules.update.mutate({ id: ruleId, enabled: false });
  await tap.take();
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  tap = createEventTap(kit.database, kit.service.redisKeyPrefix);
  first = await kit.createOrganization("first");
  second = await kit.createOrganization("second");
  reader = await kit.createUser("reader");
  await kit.addMember(first.id, reader, "viewer");
  await tap.take();
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

afterAll(async () => {
  tap?.close();
  await kit?.close();
});

describe("telemetry.onAlert", () => {
  it("streams the organization's alerts as they are raised and handled, to anyone who may read them", async () => {
    const stream = watch(kit.as(reader, first.id));
    await stream.subscribed();
    const { alertId, ruleId } = await raiseIn(first, "Failed jobs");
    await kit.ownerOf(first).telemetry.alerts.acknowledge.mutate({ alertId });
    await retire(first, ruleId);

    await stream.changesArrived(3);
    expect(stream.changes().map((delivery) => delivery.data.type)).toEqual([
      "alert.raised",
      "alert.acknowledged",
      "alert.resolved",
    ]);
    expect(stream.changes()[0]?.data).toMatchObject({
      type: "alert.raised",
      payload: { alertId, organizationId: first.id, alertType: "threshold", title: "Failed jobs" },
    });
  });

  it("resumes after lastEventId with every later change once", async () => {
    const stream = watch(kit.ownerOf(first));
    await stream.subscribed();
    const { alertId, ruleId } = await raiseIn(first, "Resumed");
    await stream.changesArrived(1);
    const lastSeen = stream.changes()[0] as Delivery;
    stream.stop();

    await kit.ownerOf(first).telemetry.alerts.assign.mutate({ alertId, userId: reader.id });
    await retire(first, ruleId);
    const resumed = watch(kit.ownerOf(first), lastSeen.id);
    await resumed.changesArrived(2);
    expect(resumed.changes().map((delivery) => delivery.data.type)).toEqual(["alert.assigned", "alert.resolved"]);
    expect(resumed.changes()[0]?.data).toMatchObject({ payload: { alertId, assignedToUserId: reader.id } });
  });

  it("never sends one organization's alerts to another's subscribers", async () => {
    const inFirst = watch(kit.ownerOf(first));
    const inSecond = watch(kit.ownerOf(second));
    await Promise.all([inFirst.subscribed(), inSecond.subscribed()]);
    await retire(first, (await raiseIn(first, "Only for first")).ruleId);
    await retire(second, (await raiseIn(second, "Only for second")).ruleId);

    await Promise.all([inFirst.changesArrived(2), inSecond.changesArrived(2)]);
    expect(inSecond.changes().map((delivery) => delivery.data.type)).toEqual(["alert.raised", "alert.resolved"]);
    expect(JSON.stringify(inSecond.received)).not.toContain(first.id);
    expect(JSON.stringify(inFirst.received)).not.toContain(second.id);
  });

  it("refuses a subscriber from outside the organization", async () => {
    const stranger = watch(kit.as(second.owner, first.id));
    await vi.waitFor(() => expect(stranger.failure()).toBeInstanceOf(TRPCClientError), { timeout: 15_000 });
    expect((stranger.failure() as TRPCClientError<never>).data).toMatchObject({ code: "FORBIDDEN" });
    expect(stranger.received).toEqual([]);
  });
});

describe("alerts of two organizations", () => {
  it("each lists only its own, and the other's ids are not found", async () => {
    const { alertId } = await raiseIn(first, "Private");
    const theirs = kit.ownerOf(second).telemetry.alerts;
    expect((await theirs.list.query({})).items.map((alert) => alert.title)).not.toContain("Private");
    expect(await codeOf(theirs.acknowledge.mutate({ alertId }))).toBe("NOT_FOUND");
    expect(await codeOf(theirs.assign.mutate({ alertId, userId: null }))).toBe("NOT_FOUND");
    const until = new Date(Date.now() + 60_000);
    expect(await codeOf(theirs.silence.mutate({ alertId, until }))).toBe("NOT_FOUND");
  });

  it("lets a viewer read alerts but not handle them", async () => {
    const asReader = kit.as(reader, first.id).telemetry.alerts;
    const [alert] = (await asReader.list.query({ limit: 1 })).items;
    expect(await codeOf(asReader.acknowledge.mutate({ alertId: alert?.id ?? "" }))).toBe("FORBIDDEN");
  });
});
