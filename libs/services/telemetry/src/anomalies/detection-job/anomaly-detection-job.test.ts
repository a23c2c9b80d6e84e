import { codeOf, failureOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../../testing";
import { cyclingSeries, noisySeries } from "../detection/series-test-fixtures";
import { runAnomalyDetection } from "./anomaly-detection-job";

/*
 * One organization writes a minute series with two spikes and an hourly series cycling once a day
 * with one value far off its phase; another organization writes its own minute series with one
 * spike. Detection then runs as the job runs it, with the clock set just after the series end.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const END = Date.parse("2026-03-01T00:00:00Z");
const NOW = new Date(END + 30_000);
const minuteStart = END - 180 * MINUTE;
const hourStart = END - 480 * HOUR;
// A trough of the daily cycle sits near 40; 58 there is inside the range the series covers every day.
const TROUGH = 24 * 12 + 18;

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;
const ids = { latency: "", seasonal: "", plain: "", disabled: "", otherLatency: "" };

const anomaliesOf = (organization: TestOrganization) => kit.ownerOf(organization).telemetry.anomalies;

async function writeSeries(
  organization: TestOrganization,
  metric: string,
  start: number,
  step: number,
  values: number[],
) {
  const points = values.map((value, index) => ({ metric, time: new Date(start + index * step + 10_000), value }));
  await kit.ownerOf(organization).telemetry.metrics.write.mutate({ points });
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("watched");
  other = await kit.createOrganization("elsewhere");

  const latency = noisySeries(180, 21);
  latency[120] = 160;
  latency[150] = 40;
  await writeSeries(org, "checkout.latency", minuteStart, MINUTE, latency);
  const depth = cyclingSeries(480, 24, 1);
  depth[TROUGH] = 58;
  await writeSeries(org, "queue.depth", hourStart, HOUR, depth);
  const elsewhere = noisySeries(180, 22);
  elsewhere[100] = 190;
  await writeSeries(other, "checkout.latency", minuteStart, MINUTE, elsewhere);

  const minuteMad = {
    metric: "checkout.latency",
    bucket: "1 minute",
    method: "mad",
    parameters: { window: 40, threshold: 6 },
  } as const;
  const hourly = { metric: "queue.depth", bucket: "1 hour", parameters: { window: 120, threshold: 4.5 } } as const;
  const create = (organization: TestOrganization) => anomaliesOf(organization).detectors.create.mutate;
  ids.latency = (await create(org)({ ...minuteMad, name: "latency", raiseAlerts: true, alertSeverity: "error" })).id;
  ids.seasonal = (await create(org)({ ...hourly, name: "depth by season", method: "seasonal_mad" })).id;
  ids.plain = (await create(org)({ ...hourly, name: "depth plain", method: "mad" })).id;
  ids.disabled = (await create(org)({ ...minuteMad, name: "switched off", enabled: false })).id;
  ids.otherLatency = (await create(other)({ ...minuteMad, name: "latency" })).id;

  const summary = await runAnomalyDetection(kit.database.db, { now: NOW });
  expect(summary).toEqual({ detectorsRun: 4, anomalies: 4, failedDetectorIds: [] });
});

afterAll(async () => {
  await kit?.close();
});

describe("anomaly detection", () => {
  it("records the spikes of a series with what was expected there, and none of its ordinary points", async () => {
    const { items } = await anomaliesOf(org).list.query({ detectorId: ids.latency });
    expect(items.map((one) => [one.time.toISOString(), one.actualValue])).toEqual([
      ["2026-02-28T23:30:00.000Z", 40],
      ["2026-02-28T23:00:00.000Z", 160],
    ]);
    for (const anomaly of items) {
      expect(anomaly).toMatchObject({ detectorId: ids.latency, metric: "checkout.latency", method: "mad" });
      expect(anomaly.expectedValue).toBeCloseTo(100, -1);
      expect(anomaly.score).toBeGreaterThan(6);
    }
    expect(items[1]!.deviationPercent).toBeCloseTo(60, -1);
  });

  it("finds a value off its season that a detector blind to seasons lets pass", async () => {
    const { items } = await anomaliesOf(org).list.query({ metric: "queue.depth" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      detectorId: ids.seasonal,
      time: new Date(hourStart + TROUGH * HOUR),
      actualValue: 58,
      method: "seasonal_mad",
    });
    expect(items[0]!.expectedValue).toBeCloseTo(40, 0);
    expect((await anomaliesOf(org).list.query({ detectorId: ids.plain })).items).toEqual([]);
  });

  it("leaves a disabled detector alone and marks how far the others judged", async () => {
    const { items } = await anomaliesOf(org).detectors.list.query({});
    const checked = Object.fromEntries(items.map((one) => [one.id, one.checkedUntil?.toISOString() ?? null]));
    expect(checked).toEqual({
      [ids.latency]: "2026-03-01T00:00:00.000Z",
      [ids.seasonal]: "2026-03-01T00:00:00.000Z",
      [ids.plain]: "2026-03-01T00:00:00.000Z",
      [ids.disabled]: null,
    });
    expect((await anomaliesOf(org).list.query({ detectorId: ids.disabled })).items).toEqual([]);
  });

  it("opens an anomaly alert for each episode of a detector that raises alerts, and publishes every anomaly", async () => {
    const alerts = await kit.database.ownerDb
      .selectFrom("timeseries.alerts")
      .select(["organization_id", "alert_type", "source", "severity", "status"])
      .where("source", "like", "detector:%")
      .execute();
    expect(alerts).toEqual(
      Array.from({ length: 2 }, () => ({
        organization_id: org.id,
        alert_type: "anomaly",
        source: `detector:${ids.latency}`,
        severity: "error",
        status: "open",
      })),
    );
    const events = await kit.database.ownerDb
      .selectFrom("integration.outbox")
      .select(["organization_id", "aggregate_id"])
      .where("event_type", "=", "anomaly.detected")
      .execute();
    expect(events).toHaveLength(4);
    expect(events.filter((event) => event.organization_id === other.id)).toEqual([
      { organization_id: other.id, aggregate_id: ids.otherLatency },
    ]);
  });

  it("never records an anomaly twice, and judges only buckets completed since", async () => {
    expect(await runAnomalyDetection(kit.database.db, { now: NOW })).toEqual({
      detectorsRun: 0,
      anomalies: 0,
      failedDetectorIds: [],
    });
    await writeSeries(org, "checkout.latency", END, MINUTE, [175]);
    const later = await runAnomalyDetection(kit.database.db, { now: new Date(END + MINUTE + 30_000) });
    expect(later).toEqual({ detectorsRun: 2, anomalies: 1, failedDetectorIds: [] });
    const { items } = await anomaliesOf(org).list.query({ detectorId: ids.latency });
    expect(items.map((one) => one.time.toISOString())).toEqual([
      "2026-03-01T00:00:00.000Z",
      "2026-02-28T23:30:00.000Z",
      "2026-02-28T23:00:00.000Z",
    ]);
  });
});

describe("telemetry.anomalies.list", () => {
  it("pages newest first and filters by time and severity", async () => {
    const all = (await anomaliesOf(org).list.query({})).items;
    const first = await anomaliesOf(org).list.query({ limit: 2 });
    const rest = await anomaliesOf(org).list.query({ limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items]).toEqual(all);
    expect(rest.nextCursor).toBeNull();

    const lastHour = await anomaliesOf(org).list.query({ from: new Date(END - HOUR), to: new Date(END) });
    expect(lastHour.items.map((one) => one.time.toISOString())).toEqual([
      "2026-02-28T23:30:00.000Z",
      "2026-02-28T23:00:00.000Z",
    ]);
    const severity = all[0]!.severity;
    expect((await anomaliesOf(org).list.query({ severity })).items).toEqual(
      all.filter((one) => one.severity === severity),
    );
  });

  it("shows each organization only its own anomalies", async () => {
    const { items } = await anomaliesOf(other).list.query({});
    expect(items).toMatchObject([
      { detectorId: ids.otherLatency, time: new Date(minuteStart + 100 * MINUTE), actualValue: 190 },
    ]);
    expect((await anomaliesOf(other).list.query({ detectorId: ids.latency })).items).toEqual([]);
    expect(await codeOf(kit.as(other.owner, org.id).telemetry.anomalies.list.query({}))).toBe("FORBIDDEN");
  });

  it("refuses a range that ends before it starts, and a cursor it never gave", async () => {
    const failure = await failureOf(anomaliesOf(org).list.query({ from: new Date(END), to: new Date(END - HOUR) }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {})).toEqual(["from"]);
    expect(await codeOf(anomaliesOf(org).list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });
});
