import { codeOf, failureOf, type TestOrganization } from "@cauldron/testing";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;

const at = (iso: string) => new Date(iso);
const hour = { from: at("2026-02-02T09:00:00Z"), to: at("2026-02-02T10:00:00Z") };

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("writes");
});

afterAll(async () => {
  await kit?.close();
});

async function countOf(metric: string, range = hour, kind: "business" | "agent" = "business", agentId?: string) {
  const { series } = await kit.ownerOf(org).telemetry.metrics.query.query({
    metric,
    ...range,
    kind,
    agentId,
    bucket: "1 hour",
    aggregate: "count",
  });
  return series.flatMap((one) => one.points).reduce((sum, point) => sum + (point.value ?? 0), 0);
}

describe("telemetry.metrics.write", () => {
  it("stores points with their dimensions and answers how many", async () => {
    const answer = await kit.ownerOf(org).telemetry.metrics.write.mutate({
      points: [
        { metric: "signups.count", time: at("2026-02-02T09:10:00Z"), value: 2, dimensions: { plan: "pro" } },
        { metric: "signups.count", time: at("2026-02-02T09:20:00Z"), value: 5 },
      ],
    });
    expect(answer).toEqual({ written: 2 });
    const rows = await kit.database.ownerDb
      .selectFrom("timeseries.business_metrics")
      .select(["organization_id", "metric_name", "metric_value", "dimensions", "time"])
      .where("metric_name", "=", "signups.count")
      .orderBy("time")
      .execute();
    expect(rows).toEqual([
      {
        organization_id: org.id,
        metric_name: "signups.count",
        metric_value: 2,
        dimensions: { plan: "pro" },
        time: at("2026-02-02T09:10:00Z"),
      },
      {
        organization_id: org.id,
        metric_name: "signups.count",
        metric_value: 5,
        dimensions: {},
        time: at("2026-02-02T09:20:00Z"),
      },
    ]);
  });

  it("takes times as epoch milliseconds, stored as the same instants", async () => {
    const time = at("2026-02-02T09:45:00.250Z");
    const answer = await kit.ownerOf(org).telemetry.metrics.write.mutate({
      points: [{ metric: "epoch.times", time: time.getTime(), value: 1 }],
    });
    expect(answer).toEqual({ written: 1 });
    const rows = await kit.database.ownerDb
      .selectFrom("timeseries.business_metrics")
      .select("time")
      .where("metric_name", "=", "epoch.times")
      .execute();
    expect(rows).toEqual([{ time }]);
  });

  it("takes 10,000 points in one call", async () => {
    const points = Array.from({ length: 10_000 }, (_, index) => ({
      metric: "bulk.load",
      time: new Date(hour.from.getTime() + index * 300),
      value: index,
      dimensions: { shard: `s${index % 16}`, host: `host-${index % 97}.example.internal` },
    }));
    expect(await kit.ownerOf(org).telemetry.metrics.write.mutate({ points })).toEqual({ written: 10_000 });
    expect(await countOf("bulk.load")).toBe(10_000);
  });

  it("stores agent metrics under their agent and run, read back by agent", async () => {
    const agentId = randomUUID();
    const executionId = randomUUID();
    await kit.ownerOf(org).telemetry.metrics.write.mutate({
      kind: "agent",
      agentId,
      executionId,
      points: [{ metric: "tokens.used", time: at("2026-02-02T09:30:00Z"), value: 812, dimensions: { model: "small" } }],
    });
    const row = await kit.database.ownerDb
      .selectFrom("timeseries.agent_metrics")
      .select(["agent_id", "execution_id", "tags", "metric_value"])
      .where("agent_id", "=", agentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ agent_id: agentId, execution_id: executionId, tags: { model: "small" }, metric_value: 812 });
    expect(await countOf("tokens.used", hour, "agent", agentId)).toBe(1);
    expect(await countOf("tokens.used", hour, "agent", randomUUID())).toBe(0);
    expect(await countOf("tokens.used")).toBe(0);
  });
});

describe("refusals, naming the point and field", () => {
  const good = { metric: "refused.metric", time: at("2026-02-02T09:00:00Z"), value: 1 };

  async function fieldErrorsOf(
    points: Array<Omit<typeof good, "time"> & { time: Date | number; dimensions?: Record<string, string> }>,
  ) {
    const failure = await failureOf(kit.ownerOf(org).telemetry.metrics.write.mutate({ points }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    return Object.keys(failure.data.fieldErrors ?? {});
  }

  it("refuses NaN and infinite values", async () => {
    expect(await fieldErrorsOf([good, { ...good, value: Number.NaN }, { ...good, value: -Infinity }])).toEqual([
      "points.1.value",
      "points.2.value",
    ]);
  });

  it("refuses times far in the future or before 1970", async () => {
    const nextYear = new Date(Date.now() + 365 * 24 * 3_600_000);
    expect(
      await fieldErrorsOf([
        { ...good, time: nextYear },
        { ...good, time: at("1969-12-31T23:59:59Z") },
      ]),
    ).toEqual(["points.0.time", "points.1.time"]);
  });

  it("refuses epoch times that are not whole milliseconds within a Date's range", async () => {
    expect(
      await fieldErrorsOf([good, { ...good, time: 1.5 }, { ...good, time: 9e15 }, { ...good, time: Number.NaN }]),
    ).toEqual(["points.1.time", "points.2.time", "points.3.time"]);
  });

  it("refuses bad metric names and oversized dimensions", async () => {
    expect(
      await fieldErrorsOf([{ ...good, metric: "9 lives" }, good, { ...good, dimensions: { host: "h".repeat(2_000) } }]),
    ).toEqual(["points.0.metric", "points.2.dimensions"]);
  });

  it("writes nothing of a batch with one bad point", async () => {
    await fieldErrorsOf([good, { ...good, value: Number.NaN }]);
    expect(await countOf("refused.metric")).toBe(0);
  });

  it("needs an agentId for agent metrics, refuses one on business metrics, and reads one alone as agent metrics", async () => {
    const write = kit.ownerOf(org).telemetry.metrics.write;
    const agent = await failureOf(write.mutate({ kind: "agent", points: [good] }));
    expect(Object.keys(agent.data.fieldErrors ?? {})).toEqual(["agentId"]);
    const business = await failureOf(write.mutate({ kind: "business", agentId: randomUUID(), points: [good] }));
    expect(Object.keys(business.data.fieldErrors ?? {})).toEqual(["kind"]);
    const agentId = randomUUID();
    expect(await write.mutate({ agentId, points: [good] })).toEqual({ written: 1 });
    const listed = await kit.ownerOf(org).telemetry.metrics.list.query({
      agentId,
      from: new Date(good.time.getTime() - 60_000),
      to: new Date(good.time.getTime() + 60_000),
    });
    expect(listed.metrics.map((metric) => metric.name)).toEqual([good.metric]);
  });

  it("refuses more than 10,000 points in one call", async () => {
    const points = Array.from({ length: 10_001 }, () => good);
    expect(await codeOf(kit.ownerOf(org).telemetry.metrics.write.mutate({ points }))).toBe("BAD_REQUEST");
  });

  it("needs metrics:write, which viewers lack, while they may read", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    const client = kit.as(viewer, org.id);
    expect(await codeOf(client.telemetry.metrics.write.mutate({ points: [good] }))).toBe("FORBIDDEN");
    await expect(
      client.telemetry.metrics.query.query({ metric: "signups.count", ...hour, bucket: "1 hour", aggregate: "sum" }),
    ).resolves.toMatchObject({ series: [{ points: [{ value: 7 }] }] });
  });
});
