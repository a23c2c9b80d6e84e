import { parseBucketSeconds, type MetricAggregate, type MetricKind } from "@cauldron/contracts";
import { bucketStartOf } from "../metrics/bucket-grid";
import { queryMetrics, type MetricsReader } from "../metrics/query-metrics";

/** Which series a model forecasts and how much of it it fits on. */
export interface ForecastSeriesSettings {
  metric: string;
  kind: MetricKind;
  bucket: string;
  aggregate: MetricAggregate;
  /** How many of the latest whole buckets to read. */
  history: number;
  where?: Record<string, string> | undefined;
}

/** A series ready to fit: one value per bucket, oldest first, and the start of the last one's bucket. */
export interface ForecastSeries {
  values: number[];
  /** Start of the last value's bucket in epoch milliseconds; null for an empty series. */
  lastBucket: number | null;
  bucketMs: number;
}

// A bucket without points holds nothing of a sum or count; of any other aggregate, a value unseen.
const COUNTING: ReadonlySet<MetricAggregate> = new Set(["sum", "count"]);

/**
 * The values to fit from one bucket per grid step (nulls for buckets without points): from the
 * first bucket with a value, empty buckets of a sum or count as 0 up to the last bucket, and for
 * other aggregates up to the last bucket with a value, gaps between drawn as straight lines
 * (which `points` already carry, read with linear fill).
 */
export function seriesValues(
  points: readonly { time: Date; value: number | null }[],
  aggregate: MetricAggregate,
): { values: number[]; lastBucket: number | null } {
  const first = points.findIndex((point) => point.value !== null);
  if (first < 0) return { values: [], lastBucket: null };
  const last = COUNTING.has(aggregate) ? points.length - 1 : points.findLastIndex((point) => point.value !== null);
  const kept = points.slice(first, last + 1);
  return { values: kept.map((point) => point.value ?? 0), lastBucket: kept[kept.length - 1]!.time.getTime() };
}

/**
 * Reads the `history` whole buckets before `now` of the model's metric through the metrics query
 * (rollups for settled ranges, raw rows for the rest), as one series over every dimension.
 */
export async function readForecastSeries(
  reader: MetricsReader,
  settings: ForecastSeriesSettings,
  now: Date,
): Promise<ForecastSeries> {
  const bucketMs = (parseBucketSeconds(settings.bucket) ?? Number.NaN) * 1_000;
  const to = bucketStartOf(now.getTime(), bucketMs);
  const { series } = await queryMetrics(reader, {
    kind: settings.kind,
    metric: settings.metric,
    from: new Date(to - settings.history * bucketMs),
    to: new Date(to),
    bucket: settings.bucket,
    aggregate: settings.aggregate,
    groupBy: [],
    where: settings.where,
    fill: COUNTING.has(settings.aggregate) ? "null" : "linear",
    rate: false,
  });
  return { ...seriesValues(series[0]?.points ?? [], settings.aggregate), bucketMs };
}
