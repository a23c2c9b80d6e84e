import { createEventTap, failureOf, type EventTap, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../../testing";
import { evaluateDueRules } from "./evaluate-due-rules";

let kit: TelemetryTestKit;
let tap: EventTap;
let org: TestOrganization;
let oncall: TestPerson;
let stranger: TestPerson;
let ruleId: string;
let base: Date;

const at = (seconds: number) => new Date(base.getTime() + seconds * 1_000);
const client = () => kit.ownerOf(org).telemetry;
const evaluateAt = (seconds: number) => evaluateDueRules(kit.database.db, { now: at(seconds) });
const writeDepth = (seconds: number, value: number) =>
  client().metrics.write.mutate({ points: [{ metric: "queue.depth", time: at(seconds), value }] });
const typesOf = (events: { type: string }[]) => events.map((event) => event.type);

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  tap = createEventTap(kit.database, kit.service.redisKeyPrefix);
  org = await kit.createOrganization("lifecycle");
  oncall = await kit.createUser("oncall");
  stranger = await kit.createUser("stranger");
  await kit.addMember(org.id, oncall, "member");
  const rule = await client().alerts.rules.create.mutate({
    name: "Queue backing up",
    metric: "queue.depth",
    aggregate: "last",
    window: "5 minutes",
    condition: ">",
    threshold: 100,
    for: "1 minute",
    severity: "critical",
    labels: { team: "payments" },
    evaluateEvery: "10 seconds",
  });
  ruleId = rule.id;
  // Past the rule's first due time, whatever the clocks of this host and the database say.
  base = new Date(Date.now() + 1_000);
  await tap.take();
});

afterAll(async () => {
  tap?.close();
  await kit?.close();
});

describe("an alert's lifecycle", () => {
  it("stays pending until the condition has held for `for`, then fires one alert", async () => {
    await writeDepth(-30, 150);
    expect(await evaluateAt(0)).toMatchObject({ evaluated: 1, pending: 1, fired: 0 });
    expect(await evaluateAt(5)).toMatchObject({ evaluated: 0 });
    expect(await evaluateAt(30)).toMatchObject({ evaluated: 1, pending: 0, fired: 0 });
    expect((await client().alerts.list.query({})).items).toEqual([]);

    expect(await evaluateAt(60)).toMatchObject({ evaluated: 1, fired: 1 });
    const { items } = await client().alerts.list.query({ status: ["open"] });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      ruleId,
      alertType: "threshold",
      source: `rule:${ruleId}`,
      severity: "critical",
      status: "open",
      title: "Queue backing up",
      labels: { team: "payments" },
      details: { value: 150, threshold: 100, condition: ">" },
      time: at(60),
    });
    const events = await tap.take();
    expect(events.filter((event) => event.type === "alert.raised")).toMatchObject([
      { organizationId: org.id, payload: { alertId: items[0]?.id, severity: "critical", title: "Queue backing up" } },
    ]);

    expect(await evaluateAt(70)).toMatchObject({ evaluated: 1, fired: 0, resolved: 0 });
    expect((await client().alerts.list.query({})).items).toHaveLength(1);
  });

  it("is acknowledged, assigned and silenced by a manager, each change published", async () => {
    const [alert] = (await client().alerts.list.query({})).items;
    const alertId = alert?.id ?? "";
    const acknowledged = await client().alerts.acknowledge.mutate({ alertId });
    expect(acknowledged).toMatchObject({ status: "acknowledged", acknowledgedAt: expect.any(Date) });
    expect(await client().alerts.acknowledge.mutate({ alertId })).toEqual(acknowledged);

    expect(await client().alerts.assign.mutate({ alertId, userId: oncall.id })).toMatchObject({
      assignedTo: oncall.id,
    });
    const outsider = await failureOf(client().alerts.assign.mutate({ alertId, userId: stranger.id }));
    expect(outsider.data.code).toBe("BAD_REQUEST");
    expect(outsider.data.fieldErrors?.userId?.[0]).toMatch(/member of this organization/);

    const until = new Date(Date.now() + 3_600_000);
    expect(await client().alerts.silence.mutate({ alertId, until })).toMatchObject({ silencedUntil: until });
    for (const bad of [new Date(Date.now() - 1_000), new Date(Date.now() + 31 * 86_400_000)]) {
      const refused = await failureOf(client().alerts.silence.mutate({ alertId, until: bad }));
      expect(Object.keys(refused.data.fieldErrors ?? {})).toEqual(["until"]);
    }

    const events = await tap.take();
    expect(typesOf(events)).toEqual(["alert.acknowledged", "alert.assigned", "alert.silenced"]);
    expect(events[1]).toMatchObject({ payload: { assignedToUserId: oncall.id, actorUserId: org.owner.id } });
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select("action")
      .where("target_id", "=", alertId)
      .orderBy("created_at")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(["alert.acknowledged", "alert.assigned", "alert.silenced"]);
  });

  it("resolves once the condition stops holding, and then refuses to be acknowledged or silenced", async () => {
    await writeDepth(75, 40);
    expect(await evaluateAt(80)).toMatchObject({ evaluated: 1, resolved: 1 });
    const [alert] = (await client().alerts.list.query({})).items;
    expect(alert).toMatchObject({ status: "resolved", resolvedAt: at(80), assignedTo: oncall.id });
    expect(typesOf(await tap.take())).toEqual(["alert.resolved"]);

    const alertId = alert?.id ?? "";
    const acknowledge = await failureOf(client().alerts.acknowledge.mutate({ alertId }));
    expect(acknowledge.data.code).toBe("CONFLICT");
    expect(acknowledge.message).toMatch(/resolved/);
    const until = new Date(Date.now() + 60_000);
    expect((await failureOf(client().alerts.silence.mutate({ alertId, until }))).data.code).toBe("CONFLICT");
    expect(await evaluateAt(90)).toMatchObject({ evaluated: 1, pending: 0, fired: 0, resolved: 0 });
  });

  it("lists alerts newest first, a page at a time, filtered by status, severity, rule and time", async () => {
    await writeDepth(95, 500);
    await client().alerts.rules.update.mutate({ id: ruleId, for: "0s" });
    expect(await evaluateAt(100)).toMatchObject({ fired: 1 });
    expect(typesOf(await tap.take())).toEqual(["alert.raised"]);
    const first = await client().alerts.list.query({ limit: 1 });
    expect(first.items.map((one) => one.status)).toEqual(["open"]);
    const second = await client().alerts.list.query({ limit: 1, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ items: [{ status: "resolved" }], nextCursor: null });
    expect((await client().alerts.list.query({ status: ["resolved"] })).items).toHaveLength(1);
    expect((await client().alerts.list.query({ severity: ["info"] })).items).toEqual([]);
    expect((await client().alerts.list.query({ ruleId })).items).toHaveLength(2);
    expect((await client().alerts.list.query({ from: at(61), to: at(200) })).items).toHaveLength(1);
    const backwards = await failureOf(client().alerts.list.query({ from: at(10), to: at(0) }));
    expect(Object.keys(backwards.data.fieldErrors ?? {})).toEqual(["from"]);
  });

  it("is resolved by hand, and raised anew at the next evaluation while the condition still holds", async () => {
    const [open] = (await client().alerts.list.query({ status: ["open"] })).items;
    const alertId = open?.id ?? "";
    expect(await client().alerts.resolve.mutate({ alertId })).toMatchObject({ id: alertId, status: "resolved" });
    expect(await client().alerts.resolve.mutate({ alertId })).toMatchObject({ id: alertId, status: "resolved" });
    expect(typesOf(await tap.take())).toEqual(["alert.resolved"]);
    expect((await failureOf(kit.as(oncall, org.id).telemetry.alerts.resolve.mutate({ alertId }))).data.code).toBe(
      "FORBIDDEN",
    );
    expect(await evaluateAt(110)).toMatchObject({ fired: 1 });
    expect(typesOf(await tap.take())).toEqual(["alert.raised"]);
  });

  it("resolves what a rule is firing when the rule is disabled or deleted", async () => {
    await client().alerts.rules.update.mutate({ id: ruleId, enabled: false });
    expect((await client().alerts.list.query({ status: ["open", "acknowledged"] })).items).toEqual([]);
    expect(await evaluateAt(200)).toMatchObject({ evaluated: 0 });
    expect(typesOf(await tap.take())).toEqual(["alert.resolved"]);

    await client().alerts.rules.update.mutate({ id: ruleId, enabled: true });
    expect(await evaluateAt(210)).toMatchObject({ evaluated: 1, fired: 1 });
    expect(await client().alerts.rules.delete.mutate({ id: ruleId })).toEqual({ id: ruleId, resolvedAlerts: 1 });
    expect(typesOf(await tap.take())).toEqual(["alert.raised", "alert.resolved"]);
    expect((await client().alerts.list.query({ status: ["open", "acknowledged"] })).items).toEqual([]);
  });
});
