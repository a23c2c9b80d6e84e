import { DecodeCollector, quoteName } from "./decode-issues";
import type { DecodeResult } from "./ingest-point";
import { AttributeList } from "./otlp-protobuf-attributes";
import { carriesValue, collectOtlpPoint, resourceFits, type OtlpDataPoint, type OtlpMetricKind } from "./otlp-points";
import { ProtobufReader, WireType, type FieldTag } from "./protobuf-reader";

const { lengthDelimited, fixed64 } = WireType;

/** `Metric` field numbers of each data kind. */
const KIND_FIELDS = new Map<number, OtlpMetricKind>([
  [5, "gauge"],
  [7, "sum"],
  [9, "histogram"],
  [10, "exponentialHistogram"],
  [11, "summary"],
]);
/** Each data point message numbers its attributes differently. */
const ATTRIBUTES_FIELD: Record<OtlpMetricKind, number> = {
  gauge: 7,
  sum: 7,
  histogram: 9,
  exponentialHistogram: 1,
  summary: 7,
};

/** Decodes an OTLP/HTTP protobuf `ExportMetricsServiceRequest` into points. */
export function decodeOtlpMetricsProtobuf(body: Uint8Array): DecodeResult {
  const out = new DecodeCollector();
  eachMessage(ProtobufReader.of(body, "otlp-protobuf"), 1, (resourceMetrics, index) =>
    readResourceMetrics(resourceMetrics, `resourceMetrics[${index}]`, out),
  );
  return out.result();
}

/** Calls `read` with each embedded message in field `field`, stepping over the other fields. */
function eachMessage(reader: ProtobufReader, field: number, read: (message: ProtobufReader, index: number) => void) {
  let index = 0;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field !== field) {
      reader.skip(tag);
      continue;
    }
    reader.expect(tag, lengthDelimited);
    read(reader.readMessage(), index);
    index += 1;
  }
}

function readResourceMetrics(reader: ProtobufReader, location: string, out: DecodeCollector): void {
  const resource = new AttributeList();
  const scopes: ProtobufReader[] = [];
  // The resource may follow its scopes on the wire, so scopes are read once it is known.
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === 1 || tag.field === 2) reader.expect(tag, lengthDelimited);
    if (tag.field === 1) eachMessage(reader.readMessage(), 1, (attribute) => resource.add(attribute));
    else if (tag.field === 2) scopes.push(reader.readMessage());
    else reader.skip(tag);
  }
  const attributes = resource.toRecord();
  if (!resourceFits(out, attributes, `${location}.resource`)) return;
  scopes.forEach((scope, scopeIndex) =>
    eachMessage(scope, 2, (metric, index) =>
      readMetric(metric, `${location}.scopeMetrics[${scopeIndex}].metrics[${index}]`, attributes, out),
    ),
  );
}

function readMetric(reader: ProtobufReader, location: string, resource: Record<string, string>, out: DecodeCollector) {
  let name = "";
  let data: { kind: OtlpMetricKind; reader: ProtobufReader } | undefined;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    const kind = KIND_FIELDS.get(tag.field);
    if (tag.field === 1 || kind) reader.expect(tag, lengthDelimited);
    if (tag.field === 1) name = reader.readString();
    else if (kind) data = { kind, reader: reader.readMessage() };
    else reader.skip(tag);
  }
  if (name === "") return out.skip(location, "the metric has no name");
  if (!data) return out.skip(location, `metric ${quoteName(name)} has no gauge, sum, histogram or summary data`);
  const metric = { name, kind: data.kind, resource };
  eachMessage(data.reader, 1, (point, index) =>
    collectOtlpPoint(out, metric, readDataPoint(point, data.kind), `${location}.${data.kind}.dataPoints[${index}]`),
  );
}

function readDataPoint(reader: ProtobufReader, kind: OtlpMetricKind): OtlpDataPoint {
  const attributes = new AttributeList();
  const point: OtlpDataPoint = { attributes: {}, timeUnixNano: 0n };
  const single = carriesValue(kind);
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === ATTRIBUTES_FIELD[kind]) {
      reader.expect(tag, lengthDelimited);
      attributes.add(reader.readMessage());
    } else if (tag.field === 3) point.timeUnixNano = readFixed64Field(reader, tag);
    else if (tag.field === 4 && single) point.value = readDoubleField(reader, tag);
    else if (tag.field === 6 && single) point.value = Number(readFixed64Field(reader, tag, true));
    else if (tag.field === 4) point.count = Number(readFixed64Field(reader, tag));
    else if (tag.field === 5 && !single) point.sum = readDoubleField(reader, tag);
    else reader.skip(tag);
  }
  point.attributes = attributes.toRecord();
  return point;
}

function readFixed64Field(reader: ProtobufReader, tag: FieldTag, signed = false): bigint {
  reader.expect(tag, fixed64);
  return signed ? reader.readSFixed64() : reader.readFixed64();
}

function readDoubleField(reader: ProtobufReader, tag: FieldTag): number {
  reader.expect(tag, fixed64);
  return reader.readDouble();
}
