import type { MetricPoint } from "@cauldron/contracts";
import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { rollupJob } from "./rollup-job";
import { seededRandom } from "./rollup-test-scenario";

let kit: TelemetryTestKit;
let org: TestOrganization;
const written: MetricPoint[] = [];
const START = Date.parse("2026-03-02T00:00:00Z");

interface Aggregate {
  bucket: string;
  group: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: TimedValue;
  last: TimedValue;
}

async function runJob(signal = new AbortController().signal) {
  await rollupJob({ batchSize: 50 }).run({
    db: kit.database.db,
    logger: pino({ level: "silent" }),
    signal,
    instanceId: "test",
  });
}

async function write(points: MetricPoint[]) {
  await kit.ownerOf(org).telemetry.metrics.write.mutate({ points });
  written.push(...points);
}

// Eighths add up exactly in any order, so sums compare exactly here.
function randomPoints(seed: number, count: number, spanMs: number): MetricPoint[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    metric: "cart.value",
    time: new Date(START + Math.floor(random() * spanMs)),
    value: Math.round(random() * 10_000) / 8,
    dimensions: { region: random() < 0.5 ? "eu" : "us" },
  }));
}

type TimedValue = [number, number];
// Time first, then value: the order first and last pick by.
const before = (a: TimedValue, b: TimedValue) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

// The expected rows of a level, merged here from the finer rows (or points) in the same way for every level.
function merge(rows: readonly Omit<Aggregate, "bucket">[], bucketOf: (row: Omit<Aggregate, "bucket">) => string) {
  const merged = new Map<string, Aggregate>();
  for (const row of rows) {
    const bucket = bucketOf(row);
    const into = merged.get(`${bucket} ${row.group}`);
    merged.set(
      `${bucket} ${row.group}`,
      into
        ? {
            ...into,
            count: into.count + row.count,
            sum: into.sum + row.sum,
            min: Math.min(into.min, row.min),
            max: Math.max(into.max, row.max),
            first: before(row.first, into.first) ? row.first : into.first,
            last: before(into.last, row.last) ? row.last : into.last,
          }
        : { ...row, bucket },
    );
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
}

async function rowsOf(table: "metric_rollups_1m" | "metric_rollups_1h" | "metric_rollups_1d"): Promise<Aggregate[]> {
  const { rows } = await sql<Aggregate>`
    select to_char(time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as bucket, coalesce(dimensions ->> 'region', '') as "group",
      sample_count::int as count, value_sum as sum, value_min as min, value_max as max,
      array[(extract(epoch from first_time) * 1000)::float8, first_value] as first,
      array[(extract(epoch from last_time) * 1000)::float8, last_value] as last
    from ${sql.table(`timeseries.${table}`)} where organization_id = ${org.id}::uuid and metric_name = 'cart.value'
    order by 1, 2
  `.execute(kit.database.ownerDb);
  return rows;
}

const pointRows = () =>
  written.map((point) => ({
    group: point.dimensions?.region ?? "",
    count: 1,
    sum: point.value,
    min: point.value,
    max: point.value,
    first: [point.time.getTime(), point.value] as TimedValue,
    last: [point.time.getTime(), point.value] as TimedValue,
  }));
const prefix = (length: number) => (row: { first: TimedValue }) =>
  new Date(row.first[0]).toISOString().slice(0, length);

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("rollup-job");
  await write(randomPoints(7, 300, 2 * 86_400_000));
  await runJob();
  await write(randomPoints(8, 60, 2 * 86_400_000));
});

afterAll(async () => {
  await kit?.close();
});

describe("telemetry.rollups job", () => {
  it("leaves the pending minutes alone when told to stop before it starts", async () => {
    const stopped = new AbortController();
    stopped.abort();
    await runJob(stopped.signal);
    expect((await rowsOf("metric_rollups_1m")).reduce((total, row) => total + row.count, 0)).toBe(300);
  });

  it("rolls late points into minutes equal to their points' aggregates, hours and days equal to merges of the finer level", async () => {
    await runJob();
    const minutes = await rowsOf("metric_rollups_1m");
    const hours = await rowsOf("metric_rollups_1h");
    expect(minutes).toEqual(merge(pointRows(), prefix(16)));
    expect(hours).toEqual(merge(minutes, prefix(13)).map((row) => ({ ...row, bucket: `${row.bucket}:00` })));
    expect(await rowsOf("metric_rollups_1d")).toEqual(
      merge(hours, prefix(10)).map((row) => ({ ...row, bucket: `${row.bucket}T00:00` })),
    );
  });

  it("recomputes only the buckets a late point falls in", async () => {
    const versions = async () => {
      const { rows } = await sql<{ hour: string; version: string }>`
        select to_char(time at time zone 'UTC', 'DD HH24') as hour, xmin::text as version
        from timeseries.metric_rollups_1h where organization_id = ${org.id}::uuid order by 1, 2
      `.execute(kit.database.ownerDb);
      return rows;
    };
    const before = await versions();
    await write([{ metric: "cart.value", time: new Date(START + 5 * 3_600_000 + 1_000), value: 1, dimensions: {} }]);
    await runJob();
    const after = await versions();
    const changed = after.filter((row) => !before.some((old) => old.hour === row.hour && old.version === row.version));
    expect(new Set(changed.map((row) => row.hour))).toEqual(new Set(["02 05"]));
    expect(after.length).toBe(before.length + 1);
  });
});
