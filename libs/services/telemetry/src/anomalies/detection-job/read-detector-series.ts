import { MAX_QUERY_BUCKETS } from "@cauldron/contracts";
import type { ValuedPoint } from "../../metrics/gap-fill";
import { queryMetrics, type MetricsReader } from "../../metrics/query-metrics";
import type { StoredDetector } from "../detectors/stored-detector";

/**
 * The detector's series in [from, to): its metric's points (those matching its filter) aggregated
 * into its buckets, the buckets holding points only, oldest first. Read as metrics.query reads,
 * at most MAX_QUERY_BUCKETS buckets per query.
 */
export async function readDetectorSeries(
  reader: MetricsReader,
  detector: StoredDetector,
  from: Date,
  to: Date,
): Promise<ValuedPoint[]> {
  const step = MAX_QUERY_BUCKETS * detector.bucketSeconds * 1_000;
  const points: ValuedPoint[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += step) {
    const { series } = await queryMetrics(reader, {
      kind: detector.kind,
      metric: detector.metric,
      from: new Date(start),
      to: new Date(Math.min(start + step, to.getTime())),
      bucket: `${detector.bucketSeconds} seconds`,
      aggregate: detector.aggregate,
      groupBy: [],
      where: Object.keys(detector.where).length > 0 ? detector.where : undefined,
      fill: "none",
      rate: false,
    });
    for (const point of series[0]?.points ?? []) {
      if (point.value !== null) points.push({ time: point.time.getTime(), value: point.value });
    }
  }
  return points;
}
