import { compress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { MAX_DIMENSIONS } from "./ingest-point";
import { ProtocolDecodeError } from "./protocol-decode-error";
import { ProtobufTestWriter } from "./protobuf-test-writer";
import { decodeRemoteWrite } from "./remote-write";

const STALE_MARKER_BITS = 0x7ff0000000000002n;
const start = Date.parse("2024-03-01T12:34:56.789Z");

type Series = { labels: Record<string, string>; samples: Array<[number, number]>; histograms?: number };

/** Encodes a remote write 1.0 WriteRequest field by field, as Prometheus lays it out. */
function writeRequest(series: Series[], extra?: (writer: ProtobufTestWriter) => void): Uint8Array {
  const writer = new ProtobufTestWriter();
  for (const { labels, samples, histograms = 0 } of series) {
    writer.message(1, (timeSeries) => {
      for (const [name, value] of Object.entries(labels)) {
        timeSeries.message(1, (label) => label.string(1, name).string(2, value));
      }
      for (const [value, timestamp] of samples) {
        timeSeries.message(2, (sample) => sample.double(1, value).varint(2, BigInt(timestamp)));
      }
      for (let index = 0; index < histograms; index += 1) {
        timeSeries.message(4, (histogram) => histogram.varint(1, 3).double(3, 1.5));
      }
    });
  }
  extra?.(writer);
  return writer.finish();
}

function decodeError(body: Uint8Array, maxUncompressedBytes?: number): ProtocolDecodeError {
  try {
    decodeRemoteWrite(body, { maxUncompressedBytes });
  } catch (error) {
    if (error instanceof ProtocolDecodeError) return error;
    throw error;
  }
  throw new Error("expected the body to be refused");
}

describe("decoding Prometheus remote write", () => {
  it("names each point by __name__, keeps the other labels as dimensions and reads millisecond times", () => {
    const body = writeRequest(
      [
        {
          labels: { __name__: "http_requests_total", job: "api", code: "200", instance: "" },
          samples: [
            [1027, start],
            [1030.5, start + 15_000],
          ],
        },
        { labels: { job: "node", __name__: "node_load1" }, samples: [[0.25, -1500]] },
      ],
      (writer) => writer.message(3, (metadata) => metadata.varint(1, 1).string(2, "http_requests_total")),
    );
    const { points, errors } = decodeRemoteWrite(compress(body));
    expect(errors).toEqual([]);
    const dimensions = { job: "api", code: "200" };
    expect(points).toEqual([
      { metric: "http_requests_total", time: new Date(start), value: 1027, dimensions },
      { metric: "http_requests_total", time: new Date(start + 15_000), value: 1030.5, dimensions },
      { metric: "node_load1", time: new Date(-1500), value: 0.25, dimensions: { job: "node" } },
    ]);
  });

  it("passes NaN and infinities through but leaves out stale markers", () => {
    const writer = new ProtobufTestWriter().message(1, (series) =>
      series
        .message(1, (label) => label.string(1, "__name__").string(2, "up"))
        .message(2, (sample) => sample.fixed64(1, STALE_MARKER_BITS).varint(2, start))
        .message(2, (sample) => sample.double(1, Number.NaN).varint(2, start))
        .message(2, (sample) => sample.double(1, Number.POSITIVE_INFINITY).varint(2, start)),
    );
    const { points } = decodeRemoteWrite(compress(writer.finish()));
    expect(points.map((point) => point.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY]);
  });

  it("reports series without a name and native histograms, keeping the other series", () => {
    const body = writeRequest([
      { labels: { job: "api" }, samples: [[1, start]] },
      { labels: { __name__: "latency" }, samples: [[2, start]], histograms: 2 },
    ]);
    const { points, errors } = decodeRemoteWrite(compress(body));
    expect(points).toEqual([{ metric: "latency", time: new Date(start), value: 2, dimensions: {} }]);
    expect(errors).toEqual([
      { location: "timeseries[0]", message: "the series has no __name__ label" },
      { location: "timeseries[1]", message: "native histogram samples are not supported" },
    ]);
  });

  it("skips a series with more labels than a point may carry as dimensions", () => {
    const labels = Object.fromEntries(Array.from({ length: MAX_DIMENSIONS + 1 }, (_, index) => [`l${index}`, "v"]));
    const body = writeRequest([{ labels: { __name__: "wide", ...labels }, samples: [[1, start]] }]);
    expect(decodeRemoteWrite(compress(body))).toEqual({
      points: [],
      errors: [
        {
          location: "timeseries[0]",
          message: `the series has ${MAX_DIMENSIONS + 1} labels besides __name__; at most ${MAX_DIMENSIONS} are kept`,
        },
      ],
    });
  });

  it("refuses a body that is not snappy-compressed", () => {
    const body = new TextEncoder().encode("\x05definitely not snappy at all");
    expect(decodeError(body)).toMatchObject({ location: "snappy block", protocol: "prometheus-remote-write" });
  });

  it("refuses a body that would uncompress beyond the limit without uncompressing it", () => {
    const claimsFourGigabytes = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
    expect(decodeError(claimsFourGigabytes).location).toBe("snappy header");
    const body = compress(writeRequest([{ labels: { __name__: "up" }, samples: [[1, start]] }]));
    expect(decodeError(body, 8).reason).toBe("the body uncompresses to more than 8 bytes");
  });

  it("refuses a truncated WriteRequest, naming the byte where it ends", () => {
    const request = writeRequest([{ labels: { __name__: "up", job: "api" }, samples: [[1, start]] }]);
    const error = decodeError(compress(request.subarray(0, request.length - 5)));
    // One tag byte and one length byte come before the series, which lost its last five bytes.
    const seriesLength = request.length - 2;
    expect(error.location).toBe("byte 2");
    expect(error.reason).toBe(`field needs ${seriesLength} bytes but ${seriesLength - 5} are left`);
  });

  it("refuses a sample value sent as a varint", () => {
    const writer = new ProtobufTestWriter().message(1, (series) => series.message(2, (sample) => sample.varint(1, 7)));
    expect(decodeError(compress(writer.finish())).reason).toBe("field 1 has wire type 0, expected 1");
  });
});
