import type { createAlertRuleInputSchema } from "@cauldron/contracts";
import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { startTelemetryTestKit, type TelemetryTestKit } from "../../testing";
import { pino } from "pino";
import { alertEvaluatorJob } from "./alert-evaluator-job";
import { evaluateDueRules } from "./evaluate-due-rules";

let kit: TelemetryTestKit;
let org: TestOrganization;
let base: Date;

const at = (seconds: number) => new Date(base.getTime() + seconds * 1_000);
const client = () => kit.ownerOf(org).telemetry;
const evaluateAt = (seconds: number) => evaluateDueRules(kit.database.db, { now: at(seconds) });
const errors = (seconds: number, value: number, dimensions: Record<string, string>) => ({
  metric: "http.errors",
  time: at(seconds),
  value,
  dimensions,
});

async function createRule(input: z.input<typeof createAlertRuleInputSchema>) {
  return client().alerts.rules.create.mutate({ evaluateEvery: "10 seconds", ...input });
}

async function openAlerts(ruleId: string) {
  const { items } = await client().alerts.list.query({ ruleId, status: ["open"] });
  return items.map((alert) => ({ title: alert.title, labels: alert.labels, value: alert.details.value }));
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("grouped");
  base = new Date(Date.now() + 1_000);
});

afterAll(async () => {
  await kit?.close();
});

describe("rules with groups", () => {
  it("raises one alert per group whose condition holds, among points the filter keeps", async () => {
    const rule = await createRule({
      name: "Errors per host",
      metric: "http.errors",
      aggregate: "sum",
      window: "2 minutes",
      groupBy: ["host"],
      where: { env: "prod" },
      condition: ">=",
      threshold: 10,
      labels: { team: "web", host: "overridden by the group" },
    });
    await client().metrics.write.mutate({
      points: [
        errors(-60, 6, { host: "a", env: "prod" }),
        errors(-30, 6, { host: "a", env: "prod" }),
        errors(-30, 3, { host: "b", env: "prod" }),
        errors(-30, 50, { host: "c", env: "staging" }),
      ],
    });
    expect(await evaluateAt(0)).toMatchObject({ evaluated: 1, fired: 1 });
    expect(await openAlerts(rule.id)).toEqual([
      { title: "Errors per host (host=a)", labels: { team: "web", host: "a" }, value: 12 },
    ]);

    // Host a has no points left in the window; host b now crosses the threshold.
    await client().metrics.write.mutate({ points: [errors(170, 15, { host: "b", env: "prod" })] });
    expect(await evaluateAt(180)).toMatchObject({ evaluated: 1, fired: 1, resolved: 1 });
    expect(await openAlerts(rule.id)).toEqual([
      { title: "Errors per host (host=b)", labels: { team: "web", host: "b" }, value: 15 },
    ]);
    await client().alerts.rules.update.mutate({ id: rule.id, enabled: false });
  });

  it("alerts when points stop arriving, through a count over an empty window", async () => {
    const rule = await createRule({
      name: "Heartbeat missing",
      metric: "worker.heartbeat",
      aggregate: "count",
      window: "1 minute",
      condition: "<",
      threshold: 1,
    });
    await client().metrics.write.mutate({ points: [{ metric: "worker.heartbeat", time: at(190), value: 1 }] });
    expect(await evaluateAt(200)).toMatchObject({ evaluated: 1, fired: 0 });
    expect(await evaluateAt(300)).toMatchObject({ evaluated: 1, fired: 1 });
    expect(await openAlerts(rule.id)).toEqual([{ title: "Heartbeat missing", labels: {}, value: 0 }]);
  });

  it("forgets a group whose condition stops holding before `for` is over, raising nothing", async () => {
    const rule = await createRule({
      name: "Brief spike",
      metric: "http.latency",
      aggregate: "max",
      window: "1 minute",
      condition: ">",
      threshold: 500,
      for: "1 minute",
    });
    await client().metrics.write.mutate({ points: [{ metric: "http.latency", time: at(305), value: 900 }] });
    expect(await evaluateAt(310)).toMatchObject({ evaluated: 2, pending: 1, fired: 0 });
    expect(await evaluateAt(380)).toMatchObject({ evaluated: 2, pending: 0, fired: 0 });
    expect(await evaluateAt(400)).toMatchObject({ pending: 0, fired: 0 });
    expect(await openAlerts(rule.id)).toEqual([]);
  });
});

describe("the evaluator job", () => {
  it("evaluates the rules due now and schedules each again after its evaluateEvery", async () => {
    const rule = await createRule({
      name: "Due now",
      metric: "queue.depth",
      aggregate: "avg",
      window: "1 minute",
      condition: ">",
      threshold: 1,
      evaluateEvery: "1 hour",
    });
    const job = alertEvaluatorJob();
    expect(job).toMatchObject({ name: "telemetry.alert-evaluator", everyMs: 10_000 });
    const startedAt = Date.now();
    await job.run({
      db: kit.database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });
    const { items } = await client().alerts.rules.list.query({ metric: "queue.depth" });
    expect(items.map((one) => one.id)).toEqual([rule.id]);
    expect(items[0]?.nextEvaluationAt.getTime()).toBeGreaterThanOrEqual(startedAt + 3_600_000);
  });
});
