import type { MetricAggregate, queryMetricsOutputSchema } from "@cauldron/contracts";
import type { z } from "zod";

/** What telemetry.metrics.query answers. */
export type MetricsAnswer = z.infer<typeof queryMetricsOutputSchema>;

/** How far a sum or average may stray from the reference, relative to the larger of the two. */
export const RELATIVE_TOLERANCE = 1e-9;

// Sums of floats in another order differ in their last bits; every other aggregate picks or counts.
const ADDED_UP: ReadonlySet<MetricAggregate> = new Set(["sum", "avg"]);

function groupKey(group: Record<string, string>): string {
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameValue(value: number | null, reference: number | null, aggregate: MetricAggregate): boolean {
  if (value === null || reference === null) return value === reference;
  if (!ADDED_UP.has(aggregate)) return value === reference;
  return Math.abs(value - reference) <= RELATIVE_TOLERANCE * Math.max(Math.abs(value), Math.abs(reference));
}

function seriesDifferences(
  label: string,
  points: MetricsAnswer["series"][number]["points"],
  reference: MetricsAnswer["series"][number]["points"],
  aggregate: MetricAggregate,
): string[] {
  if (points.length !== reference.length) return [`${label}: ${points.length} buckets instead of ${reference.length}`];
  return points.flatMap((point, index) => {
    const expected = reference[index]!;
    if (point.time.getTime() !== expected.time.getTime()) {
      return [`${label}: bucket ${point.time.toISOString()} where ${expected.time.toISOString()} was expected`];
    }
    return sameValue(point.value, expected.value, aggregate)
      ? []
      : [`${label} at ${point.time.toISOString()}: ${point.value} instead of ${expected.value}`];
  });
}

/**
 * How `answer` differs from `reference`: bucket width, series (matched by group), bucket times and
 * values, exactly for aggregates that pick or count, within RELATIVE_TOLERANCE for sums and averages.
 */
export function answerDifferences(
  answer: MetricsAnswer,
  reference: MetricsAnswer,
  aggregate: MetricAggregate,
): string[] {
  const differences: string[] = [];
  if (answer.bucketSeconds !== reference.bucketSeconds) {
    differences.push(`buckets of ${answer.bucketSeconds} s instead of ${reference.bucketSeconds} s`);
  }
  const expected = new Map(reference.series.map((series) => [groupKey(series.group), series]));
  for (const series of answer.series) {
    const key = groupKey(series.group);
    const match = expected.get(key);
    if (!match) differences.push(`series ${key} is not in the reference`);
    else differences.push(...seriesDifferences(`series ${key}`, series.points, match.points, aggregate));
    expected.delete(key);
  }
  differences.push(...[...expected.keys()].map((key) => `series ${key} is missing`));
  return differences;
}
