import { uncompress } from "snappyjs";
import { DecodeCollector, quoteName } from "./decode-issues";
import { MAX_DIMENSIONS, type DecodeResult } from "./ingest-point";
import { ProtocolDecodeError } from "./protocol-decode-error";
import { float64FromBits, ProtobufReader, WireType } from "./protobuf-reader";
import { dateFromUnixMillis } from "./unix-time";

const PROTOCOL = "prometheus-remote-write";
/** Prometheus sends a few thousand samples per request; this leaves ample room. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024;
// Prometheus marks a series that disappeared with this NaN; it ends the series and is not a value.
const STALE_MARKER_BITS = 0x7ff0000000000002n;

/** How much a remote write body may grow to when uncompressed. */
export interface RemoteWriteOptions {
  maxUncompressedBytes?: number;
}

interface Sample {
  bits: bigint;
  timestampMillis: bigint;
}

/**
 * Decodes a Prometheus remote write 1.0 body (a snappy block holding a protobuf WriteRequest): the
 * `__name__` label names the metric, the other labels become dimensions, one point per sample.
 */
export function decodeRemoteWrite(body: Uint8Array, options: RemoteWriteOptions = {}): DecodeResult {
  const request = uncompressBody(body, options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES);
  const reader = ProtobufReader.of(request, PROTOCOL);
  const out = new DecodeCollector();
  let index = 0;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field !== 1) {
      reader.skip(tag);
      continue;
    }
    reader.expect(tag, WireType.lengthDelimited);
    readTimeSeries(reader.readMessage(), `timeseries[${index}]`, out);
    index += 1;
  }
  return out.result();
}

function uncompressBody(body: Uint8Array, maxBytes: number): Uint8Array {
  // A snappy block starts with its uncompressed length, so an oversized one is refused unread.
  const declaredLength = ProtobufReader.of(body, PROTOCOL).readVarint();
  if (declaredLength > maxBytes) {
    throw new ProtocolDecodeError(PROTOCOL, "snappy header", `the body uncompresses to more than ${maxBytes} bytes`);
  }
  try {
    return uncompress(body, maxBytes);
  } catch {
    throw new ProtocolDecodeError(PROTOCOL, "snappy block", "the body is not valid snappy-compressed data");
  }
}

function readTimeSeries(reader: ProtobufReader, location: string, out: DecodeCollector): void {
  const labels = new Map<string, string>();
  const samples: Sample[] = [];
  let histograms = 0;
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === 1 || tag.field === 2) reader.expect(tag, WireType.lengthDelimited);
    if (tag.field === 1) {
      const [name, value] = readLabel(reader.readMessage());
      labels.set(name, value);
    } else if (tag.field === 2) samples.push(readSample(reader.readMessage()));
    else {
      if (tag.field === 4) histograms += 1;
      reader.skip(tag);
    }
  }
  if (histograms > 0) out.skip(location, "native histogram samples are not supported");
  const metric = labels.get("__name__");
  if (!metric) {
    if (samples.length > 0) out.skip(location, "the series has no __name__ label");
    return;
  }
  // Prometheus treats a label with an empty value as absent.
  const dimensions = Object.fromEntries([...labels].filter(([name, value]) => name !== "__name__" && value !== ""));
  const labelCount = Object.keys(dimensions).length;
  if (labelCount > MAX_DIMENSIONS) {
    return out.skip(
      location,
      `the series has ${labelCount} labels besides __name__; at most ${MAX_DIMENSIONS} are kept`,
    );
  }
  for (const sample of samples) {
    if (sample.bits === STALE_MARKER_BITS) continue;
    const time = dateFromUnixMillis(sample.timestampMillis);
    if (!time) out.skip(location, `a sample of ${quoteName(metric)} has a timestamp out of range`);
    else out.points.push({ metric, time, value: float64FromBits(sample.bits), dimensions: { ...dimensions } });
  }
}

function readLabel(reader: ProtobufReader): [string, string] {
  let name = "";
  let value = "";
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === 1 || tag.field === 2) reader.expect(tag, WireType.lengthDelimited);
    if (tag.field === 1) name = reader.readString();
    else if (tag.field === 2) value = reader.readString();
    else reader.skip(tag);
  }
  return [name, value];
}

function readSample(reader: ProtobufReader): Sample {
  const sample: Sample = { bits: 0n, timestampMillis: 0n };
  while (reader.hasMore()) {
    const tag = reader.readTag();
    if (tag.field === 1) {
      reader.expect(tag, WireType.fixed64);
      sample.bits = reader.readFixed64();
    } else if (tag.field === 2) {
      reader.expect(tag, WireType.varint);
      sample.timestampMillis = reader.readInt64();
    } else reader.skip(tag);
  }
  return sample;
}
