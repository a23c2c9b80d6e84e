import type { CreateAlertRuleInput } from "@cauldron/contracts";
import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;
let member: TestPerson;

const rule = (name: string, overrides: Partial<CreateAlertRuleInput> = {}) => ({
  name,
  metric: "cpu.usage",
  aggregate: "avg" as const,
  window: "300 seconds",
  condition: ">" as const,
  threshold: 90,
  ...overrides,
});

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("rules");
  other = await kit.createOrganization("others");
  member = await kit.createUser("member");
  await kit.addMember(org.id, member, "member");
});

afterAll(async () => {
  await kit?.close();
});

const rules = () => kit.ownerOf(org).telemetry.alerts.rules;

describe("telemetry.alerts.rules", () => {
  it("creates a rule with its defaults, durations read back in their plainest unit", async () => {
    const created = await rules().create.mutate(rule("High CPU", { labels: { team: "ops" }, groupBy: ["host"] }));
    expect(created).toMatchObject({
      name: "High CPU",
      description: null,
      metric: "cpu.usage",
      kind: "business",
      window: "5 minutes",
      for: "0 seconds",
      evaluateEvery: "1 minute",
      severity: "warning",
      labels: { team: "ops" },
      groupBy: ["host"],
      where: {},
      enabled: true,
      createdBy: org.owner.id,
    });
  });

  it("refuses a name the organization already uses, on create and on rename", async () => {
    const failure = await failureOf(rules().create.mutate(rule("High CPU")));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    const second = await rules().create.mutate(rule("Low disk", { metric: "disk.free", condition: "<", threshold: 5 }));
    expect(await codeOf(rules().update.mutate({ id: second.id, name: "High CPU" }))).toBe("CONFLICT");
    // Another organization may use the same name.
    await expect(kit.ownerOf(other).telemetry.alerts.rules.create.mutate(rule("High CPU"))).resolves.toBeTruthy();
  });

  it("lists rules by name a page at a time, and by metric or state", async () => {
    await rules().create.mutate(rule("Errors", { metric: "http.errors", aggregate: "sum", enabled: false }));
    const first = await rules().list.query({ limit: 2 });
    expect(first.items.map((one) => one.name)).toEqual(["Errors", "High CPU"]);
    const rest = await rules().list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(rest).toMatchObject({ items: [{ name: "Low disk" }], nextCursor: null });
    expect((await rules().list.query({ enabled: false })).items.map((one) => one.name)).toEqual(["Errors"]);
    expect((await rules().list.query({ metric: "disk.free" })).items.map((one) => one.name)).toEqual(["Low disk"]);
    expect(await codeOf(rules().list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("changes only the fields given, and refuses an update that changes nothing", async () => {
    const created = await rules().create.mutate(rule("Latency", { metric: "http.latency", aggregate: "p95" }));
    const updated = await rules().update.mutate({
      id: created.id,
      threshold: 250.5,
      for: "2 minutes",
      description: "p95 latency too high",
      where: { route: "/api" },
    });
    expect(updated).toMatchObject({
      threshold: 250.5,
      for: "2 minutes",
      description: "p95 latency too high",
      where: { route: "/api" },
      aggregate: "p95",
      window: "5 minutes",
    });
    expect((await rules().update.mutate({ id: created.id, description: null })).description).toBeNull();
    expect(await codeOf(rules().update.mutate({ id: created.id }))).toBe("BAD_REQUEST");
  });

  it("deletes a rule once; then it is not found", async () => {
    const created = await rules().create.mutate(rule("Short lived"));
    expect(await rules().delete.mutate({ id: created.id })).toEqual({ id: created.id, resolvedAlerts: 0 });
    expect(await codeOf(rules().delete.mutate({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(rules().update.mutate({ id: created.id, threshold: 1 }))).toBe("NOT_FOUND");
  });

  it("names each bad field", async () => {
    const failure = await failureOf(
      rules().create.mutate({
        ...rule(""),
        window: "5 parsecs",
        for: "2 years",
        evaluateEvery: "2 days",
        threshold: Number.POSITIVE_INFINITY,
        condition: "=>" as never,
        labels: Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`label${index}`, "x"])),
      }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {}).sort()).toEqual(
      ["condition", "evaluateEvery", "for", "labels", "name", "threshold", "window"].sort(),
    );
    expect(failure.data.fieldErrors?.window?.[0]).toMatch(/seconds, minutes, hours/);
  });

  it("lets members read rules but only managers change them", async () => {
    const asMember = kit.as(member, org.id).telemetry.alerts.rules;
    expect((await asMember.list.query({})).items.length).toBeGreaterThan(0);
    expect(await codeOf(asMember.create.mutate(rule("Not mine")))).toBe("FORBIDDEN");
  });

  it("keeps each organization's rules to itself", async () => {
    const mine = (await rules().list.query({})).items;
    const theirs = await kit.ownerOf(other).telemetry.alerts.rules.list.query({});
    expect(theirs.items.map((one) => one.name)).toEqual(["High CPU"]);
    const intruder = kit.ownerOf(other).telemetry.alerts.rules;
    const target = mine[0]?.id ?? "";
    expect(await codeOf(intruder.update.mutate({ id: target, threshold: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(intruder.delete.mutate({ id: target }))).toBe("NOT_FOUND");
    expect(await codeOf(kit.as(other.owner, org.id).telemetry.alerts.rules.list.query({}))).toBe("FORBIDDEN");
  });
});
