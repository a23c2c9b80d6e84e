import { failureOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString().slice(11, 16);
// Three hourly buckets: 10:00 holds 4, 1, 7, 2 (eu, us, eu, us), 11:00 nothing, 12:00 holds 10, 20 (eu).
const range = { from: at("2026-02-02T10:00:00Z"), to: at("2026-02-02T13:00:00Z") };
const orders = [
  ["10:05", 4, "eu"],
  ["10:20", 1, "us"],
  ["10:40", 7, "eu"],
  ["10:55", 2, "us"],
  ["12:10", 10, "eu"],
  ["12:30", 20, "eu"],
] as const;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("queries");
  const client = kit.ownerOf(org).telemetry.metrics;
  await client.write.mutate({
    points: orders.map(([time, value, region]) => ({
      metric: "orders.value",
      time: at(`2026-02-02T${time}:00Z`),
      value,
      dimensions: { region, channel: "web" },
    })),
  });
  // A counter sampled once a minute, reset to zero between 10:01 and 10:02.
  await client.write.mutate({
    points: [100, 160, 40, 100].map((value, minute) => ({
      metric: "requests.total",
      time: at(`2026-02-02T10:0${minute}:30Z`),
      value,
    })),
  });
});

afterAll(async () => {
  await kit?.close();
});

type Query = Parameters<ReturnType<TelemetryTestKit["ownerOf"]>["telemetry"]["metrics"]["query"]["query"]>[0];

async function seriesOf(query: Partial<Query>) {
  const { series } = await kit.ownerOf(org).telemetry.metrics.query.query({
    metric: "orders.value",
    ...range,
    bucket: "1 hour",
    aggregate: "sum",
    ...query,
  });
  return series.map((one) => ({
    group: one.group,
    points: one.points.map((point) => [iso(point.time), point.value === null ? null : Number(point.value.toFixed(9))]),
  }));
}

describe("telemetry.metrics.query", () => {
  it.each([
    ["avg", 3.5, 15],
    ["min", 1, 10],
    ["max", 7, 20],
    ["sum", 14, 30],
    ["count", 4, 2],
    ["first", 4, 10],
    ["last", 2, 20],
    ["p50", 3, 15],
    ["p90", 6.1, 19],
    ["p95", 6.55, 19.5],
    ["p99", 6.91, 19.9],
  ] as const)("aggregates each bucket by %s", async (aggregate, ten, twelve) => {
    expect(await seriesOf({ aggregate })).toEqual([
      {
        group: {},
        points: [
          ["10:00", ten],
          ["12:00", twelve],
        ],
      },
    ]);
  });

  it("answers one series per group of dimension values", async () => {
    expect(await seriesOf({ groupBy: ["region", "channel"] })).toEqual([
      {
        group: { region: "eu", channel: "web" },
        points: [
          ["10:00", 11],
          ["12:00", 30],
        ],
      },
      { group: { region: "us", channel: "web" }, points: [["10:00", 3]] },
    ]);
  });

  it("leaves a dimension points lack out of their group", async () => {
    expect(await seriesOf({ groupBy: ["region", "team"] })).toEqual([
      {
        group: { region: "eu" },
        points: [
          ["10:00", 11],
          ["12:00", 30],
        ],
      },
      { group: { region: "us" }, points: [["10:00", 3]] },
    ]);
  });

  it("keeps only points whose dimensions hold every value of where", async () => {
    expect(await seriesOf({ where: { region: "us", channel: "web" } })).toEqual([
      { group: {}, points: [["10:00", 3]] },
    ]);
    expect(await seriesOf({ where: { region: "mars" } })).toEqual([]);
  });

  it.each([
    [
      "none",
      [
        ["10:00", 14],
        ["12:00", 30],
      ],
    ],
    [
      "null",
      [
        ["10:00", 14],
        ["11:00", null],
        ["12:00", 30],
      ],
    ],
    [
      "previous",
      [
        ["10:00", 14],
        ["11:00", 14],
        ["12:00", 30],
      ],
    ],
    [
      "linear",
      [
        ["10:00", 14],
        ["11:00", 22],
        ["12:00", 30],
      ],
    ],
  ] as const)("fills empty buckets with fill %s", async (fill, points) => {
    expect(await seriesOf({ fill })).toEqual([{ group: {}, points }]);
  });

  it("starts the buckets at the one holding from and counts only points from it on", async () => {
    expect(await seriesOf({ from: at("2026-02-02T10:30:00Z"), fill: "null" })).toEqual([
      {
        group: {},
        points: [
          ["10:00", 9],
          ["11:00", null],
          ["12:00", 30],
        ],
      },
    ]);
  });

  it("turns a counter into its per-second rate, reading a drop as a reset", async () => {
    const rates = await seriesOf({
      metric: "requests.total",
      bucket: "1 minute",
      aggregate: "last",
      rate: true,
      to: at("2026-02-02T10:04:00Z"),
    });
    expect(rates).toEqual([
      {
        group: {},
        points: [
          ["10:01", 1],
          ["10:02", 0.666666667],
          ["10:03", 1],
        ],
      },
    ]);
  });

  it("reads bucket widths in seconds, minutes, hours, days and weeks", async () => {
    for (const bucket of ["3600 seconds", "60 min", "1h", "1 HOUR"]) {
      expect((await seriesOf({ bucket }))[0]?.points).toEqual([
        ["10:00", 14],
        ["12:00", 30],
      ]);
    }
    const day = await kit.ownerOf(org).telemetry.metrics.query.query({
      metric: "orders.value",
      from: at("2026-02-01T00:00:00Z"),
      to: at("2026-02-08T00:00:00Z"),
      bucket: "1 day",
      aggregate: "sum",
    });
    expect(day.bucketSeconds).toBe(86_400);
    expect(day.series[0]?.points).toEqual([{ time: at("2026-02-02T00:00:00Z"), value: 44 }]);
    const week = await kit
      .ownerOf(org)
      .telemetry.metrics.query.query({ ...range, metric: "orders.value", bucket: "1 week", aggregate: "count" });
    expect(week.series[0]?.points).toEqual([{ time: at("2026-02-02T00:00:00Z"), value: 6 }]);
  });

  it("refuses widths that are no interval, months, too fine, too wide or too many for the range", async () => {
    for (const bucket of ["1 month", "1.5 hours", "hour", "0 seconds", "400 days", "1 hour; select 1"]) {
      const failure = await failureOf(seriesOf({ bucket }));
      expect(failure.data.code, bucket).toBe("BAD_REQUEST");
      expect(Object.keys(failure.data.fieldErrors ?? {}), bucket).toEqual(["bucket"]);
    }
    const tooMany = await failureOf(seriesOf({ bucket: "1 second", from: at("2026-01-01T00:00:00Z") }));
    expect(tooMany.data.fieldErrors?.bucket?.[0]).toContain("more than 10000 buckets");
  });

  it("refuses a range that ends before it starts", async () => {
    const failure = await failureOf(seriesOf({ from: range.to, to: range.from }));
    expect(Object.keys(failure.data.fieldErrors ?? {})).toEqual(["from"]);
  });
});
