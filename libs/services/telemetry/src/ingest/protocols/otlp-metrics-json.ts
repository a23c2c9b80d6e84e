import { DecodeCollector, quoteName } from "./decode-issues";
import type { DecodeResult } from "./ingest-point";
import {
  exportMetricsRequestSchema,
  type JsonAttributes,
  type JsonDataPoint,
  type JsonMetric,
} from "./otlp-json-schema";
import { collectOtlpPoint, OTLP_METRIC_KINDS, resourceFits, type OtlpDataPoint } from "./otlp-points";
import { ProtocolDecodeError } from "./protocol-decode-error";

const PROTOCOL = "otlp-json";
const utf8 = new TextDecoder("utf-8");

/** Decodes an OTLP/HTTP JSON `ExportMetricsServiceRequest` into points. */
export function decodeOtlpMetricsJson(body: Uint8Array | string): DecodeResult {
  const parsed = exportMetricsRequestSchema.safeParse(parseJson(typeof body === "string" ? body : utf8.decode(body)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProtocolDecodeError(PROTOCOL, jsonPath(issue?.path ?? []), issue?.message ?? "invalid request");
  }
  const out = new DecodeCollector();
  (parsed.data.resourceMetrics ?? []).forEach((resourceMetrics, resourceIndex) => {
    const resource = attributeRecord(resourceMetrics.resource?.attributes);
    if (!resourceFits(out, resource, `resourceMetrics[${resourceIndex}].resource`)) return;
    (resourceMetrics.scopeMetrics ?? []).forEach((scope, scopeIndex) =>
      (scope.metrics ?? []).forEach((metric, index) => {
        const location = `resourceMetrics[${resourceIndex}].scopeMetrics[${scopeIndex}].metrics[${index}]`;
        collectMetric(metric, resource, location, out);
      }),
    );
  });
  return out.result();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolDecodeError(PROTOCOL, "body", "the body is not valid JSON");
  }
}

function collectMetric(metric: JsonMetric, resource: Record<string, string>, location: string, out: DecodeCollector) {
  if (!metric.name) return out.skip(location, "the metric has no name");
  const kind = OTLP_METRIC_KINDS.find((candidate) => metric[candidate] != null);
  if (!kind) return out.skip(location, `metric ${quoteName(metric.name)} has no gauge, sum, histogram or summary data`);
  const target = { name: metric.name, kind, resource };
  (metric[kind]?.dataPoints ?? []).forEach((point, index) =>
    collectOtlpPoint(out, target, dataPointParts(point), `${location}.${kind}.dataPoints[${index}]`),
  );
}

function dataPointParts(point: JsonDataPoint): OtlpDataPoint {
  const asInt = point.asInt == null ? undefined : Number(point.asInt);
  return {
    attributes: attributeRecord(point.attributes),
    timeUnixNano: point.timeUnixNano ?? 0n,
    value: point.asDouble ?? asInt,
    count: point.count == null ? undefined : Number(point.count),
    sum: point.sum ?? undefined,
  };
}

/** The scalar attributes in string form, later keys winning. */
function attributeRecord(attributes: JsonAttributes): Record<string, string> {
  const entries = new Map<string, string>();
  for (const { key, value } of attributes ?? []) {
    const scalar = value?.stringValue ?? value?.boolValue ?? value?.intValue ?? value?.doubleValue;
    if (scalar != null) entries.set(key, String(scalar));
  }
  return Object.fromEntries(entries);
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${String(key)}`),
    "request",
  );
}
