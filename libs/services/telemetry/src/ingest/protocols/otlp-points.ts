import { quoteName, type DecodeCollector } from "./decode-issues";
import { MAX_DIMENSIONS } from "./ingest-point";
import { dateFromUnixNanos } from "./unix-time";

/** The OTLP metric data kinds, in the order of their fields in `Metric`. */
export const OTLP_METRIC_KINDS = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;
export type OtlpMetricKind = (typeof OTLP_METRIC_KINDS)[number];

/** A named OTLP metric whose data points are being read. */
export interface OtlpMetric {
  name: string;
  kind: OtlpMetricKind;
  /** Resource attributes, which every data point of the metric carries as dimensions. */
  resource: Record<string, string>;
}

/** The parts of one OTLP data point a point needs, whichever encoding it came in. */
export interface OtlpDataPoint {
  /** Scalar attributes in string form; arrays, maps and bytes are left out. */
  attributes: Record<string, string>;
  /** 0 when absent, as in protobuf. */
  timeUnixNano: bigint;
  /** Gauges and sums: asDouble or asInt. */
  value?: number;
  /** Histograms and summaries. */
  count?: number;
  sum?: number;
}

/** Whether a resource's attributes fit in a point's dimensions; reports the resource when they do not. */
export function resourceFits(out: DecodeCollector, resource: Record<string, string>, location: string): boolean {
  const count = Object.keys(resource).length;
  if (count <= MAX_DIMENSIONS) return true;
  out.skip(location, `the resource has ${count} attributes; at most ${MAX_DIMENSIONS} are kept`);
  return false;
}

/** Whether a kind's data points carry a single value rather than a distribution. */
export function carriesValue(kind: OtlpMetricKind): boolean {
  return kind === "gauge" || kind === "sum";
}

/**
 * Turns one data point into points: its value under the metric's name, or for distributions
 * `<name>.count` and `<name>.sum`. Data point attributes win over resource attributes of the same key.
 */
export function collectOtlpPoint(out: DecodeCollector, metric: OtlpMetric, point: OtlpDataPoint, location: string) {
  const time = point.timeUnixNano === 0n ? undefined : dateFromUnixNanos(point.timeUnixNano);
  if (!time) return out.skip(location, `a data point of ${quoteName(metric.name)} has no valid timeUnixNano`);
  const dimensions = { ...metric.resource, ...point.attributes };
  const count = Object.keys(dimensions).length;
  if (count > MAX_DIMENSIONS) {
    return out.skip(
      location,
      `a data point of ${quoteName(metric.name)} has ${count} attributes; at most ${MAX_DIMENSIONS} are kept`,
    );
  }
  const add = (name: string, value: number) =>
    out.points.push({ metric: name, time: new Date(time), value, dimensions: { ...dimensions } });
  if (carriesValue(metric.kind)) {
    if (point.value === undefined) return out.skip(location, `a data point of ${quoteName(metric.name)} has no value`);
    return add(metric.name, point.value);
  }
  add(`${metric.name}.count`, point.count ?? 0);
  if (point.sum !== undefined) add(`${metric.name}.sum`, point.sum);
}
