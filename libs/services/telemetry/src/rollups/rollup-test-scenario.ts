import type { MetricAggregate, MetricKind, MetricPoint, QueryMetricsInput } from "@cauldron/contracts";
import { queryMetricsInputSchema, type queryMetricsOutputSchema } from "@cauldron/contracts";
import type { z } from "zod";
import type { MetricsQuerySource } from "../metrics/query-metrics";

type Answer = z.infer<typeof queryMetricsOutputSchema>;

/** How a scenario reaches the service: write a batch, query one way or the other, run the rollup. */
export interface RollupScenarioDriver {
  write(batch: { kind: MetricKind; agentId?: string; points: MetricPoint[] }): Promise<void>;
  query(input: QueryMetricsInput, source: MetricsQuerySource): Promise<Answer>;
  rollUp(): Promise<void>;
}

export const SCENARIO_AGENTS = ["5b0c1e7a-3f42-4d8e-9a61-0c2f7e9d4b11", "9e4d2a6c-1b37-4f5a-8c02-6d1e3f5a7b22"];
const DAY_MS = 86_400_000;
const START = Date.parse("2026-01-05T00:00:00Z");

/** A small seeded generator (mulberry32), so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// Points crowd into a few busy minutes (so buckets merge many rows) and share exact times (ties for first/last).
function pointsBetween(random: () => number, metric: string, count: number, from: number, to: number) {
  const busy = Array.from({ length: 12 }, () => from + Math.floor(random() * (to - from)));
  const times: number[] = [];
  return Array.from({ length: count }, (): MetricPoint => {
    const roll = random();
    const time =
      roll < 0.1 && times.length > 0
        ? pick(random, times)
        : roll < 0.5
          ? pick(random, busy) + Math.floor(random() * 60_000)
          : from + Math.floor(random() * (to - from));
    times.push(time);
    const dimensions: Record<string, string> = {
      region: pick(random, ["eu", "us", "ap"]),
      model: pick(random, ["a", "b"]),
    };
    if (random() < 0.8) dimensions.channel = pick(random, ["web", "app"]);
    return {
      metric,
      time: new Date(Math.min(time, to - 1)),
      value: Math.round(random() * 1_000_000) / 1_000 + 0.001,
      dimensions,
    };
  });
}

async function writeSpan(driver: RollupScenarioDriver, random: () => number, count: number, from: number, to: number) {
  await driver.write({ kind: "business", points: pointsBetween(random, "shop.orders", count, from, to) });
  for (const agentId of SCENARIO_AGENTS) {
    await driver.write({ kind: "agent", agentId, points: pointsBetween(random, "agent.latency", count / 4, from, to) });
  }
}

/**
 * Writes three days of points, rolls them up, writes late points into rolled-up minutes, hours and
 * days, rolls up again, and writes more late points that stay pending from the second day on.
 */
export async function writeWithLateArrivals(driver: RollupScenarioDriver, seed: number): Promise<void> {
  const random = seededRandom(seed);
  await writeSpan(driver, random, 400, START, START + 3 * DAY_MS);
  await driver.rollUp();
  await writeSpan(driver, random, 160, START, START + 3 * DAY_MS);
  await driver.rollUp();
  await writeSpan(driver, random, 80, START + DAY_MS + 7 * 3_600_000 + 123_456, START + 3 * DAY_MS);
}

const MERGEABLE: MetricAggregate[] = ["count", "sum", "min", "max", "avg", "first", "last"];
const BUCKETS = ["1 minute", "5 minutes", "1 hour", "1 day"];
const RANGES = [
  { from: new Date(START), to: new Date(START + 3 * DAY_MS) },
  { from: new Date(START + 11_843_456), to: new Date(START + 2 * DAY_MS + 68_645_789) },
];
const SHAPES = [
  { metric: "shop.orders" },
  { metric: "shop.orders", groupBy: ["region", "channel"] },
  { metric: "shop.orders", groupBy: ["region"], where: { channel: "web" } },
  { metric: "agent.latency", kind: "agent", agentId: SCENARIO_AGENTS[0] },
  { metric: "agent.latency", kind: "agent", groupBy: ["model"] },
];

/**
 * The queries the scenario compares: every mergeable aggregate with every bucket width and range, the
 * shapes taking turns so each aggregate and each width meets every shape; and a percentile per width.
 */
export function scenarioQueries(): QueryMetricsInput[] {
  const queries = MERGEABLE.flatMap((aggregate, a) =>
    BUCKETS.flatMap((bucket, b) =>
      RANGES.map((range, r) => ({ ...SHAPES[(a + 2 * b + r) % SHAPES.length], ...range, bucket, aggregate })),
    ),
  );
  const percentiles = BUCKETS.map((bucket, b) => ({ ...SHAPES[b], ...RANGES[1], bucket, aggregate: "p90" }));
  return [...queries, ...percentiles].map((query) => queryMetricsInputSchema.parse(query));
}

const INEXACT = new Set<MetricAggregate>(["sum", "avg"]);

function sameValue(aggregate: MetricAggregate, a: number | null, b: number | null): boolean {
  if (a === null || b === null || !INEXACT.has(aggregate)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** How two answers to one query differ, one line per difference; empty when they agree. */
export function answerDifferences(input: QueryMetricsInput, rolled: Answer, raw: Answer): string[] {
  const label = `${input.kind} ${input.metric} ${input.aggregate} ${input.bucket} ${JSON.stringify(input.groupBy)}`;
  if (rolled.series.length !== raw.series.length)
    return [`${label}: ${rolled.series.length} vs ${raw.series.length} series`];
  return rolled.series.flatMap((series, index) => {
    const other = raw.series[index];
    if (JSON.stringify(series.group) !== JSON.stringify(other?.group))
      return [`${label}: group ${JSON.stringify(series.group)}`];
    if (series.points.length !== other?.points.length)
      return [`${label}: ${series.points.length} vs ${other?.points.length} points`];
    return series.points.flatMap((point, at) => {
      const expected = other.points[at];
      const same =
        point.time.getTime() === expected?.time.getTime() && sameValue(input.aggregate, point.value, expected.value);
      return same ? [] : [`${label} at ${point.time.toISOString()}: ${point.value} vs ${expected?.value}`];
    });
  });
}

/** Asks every scenario query both ways, a few at a time, and lists where the answers differ. */
export async function compareWithRaw(
  driver: RollupScenarioDriver,
): Promise<{ queries: number; differences: string[] }> {
  const queries = scenarioQueries();
  const differences: string[] = [];
  for (let start = 0; start < queries.length; start += 8) {
    await Promise.all(
      queries.slice(start, start + 8).map(async (input) => {
        const [rolled, raw] = await Promise.all([driver.query(input, "rollups"), driver.query(input, "raw")]);
        differences.push(...answerDifferences(input, rolled, raw));
      }),
    );
  }
  return { queries: queries.length, differences };
}
