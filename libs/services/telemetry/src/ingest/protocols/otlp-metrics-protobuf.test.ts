import { describe, expect, it } from "vitest";
import { decodeOtlpMetricsProtobuf } from "./otlp-metrics-protobuf";
import { ProtocolDecodeError } from "./protocol-decode-error";
import { ProtobufTestWriter } from "./protobuf-test-writer";

const nanos = 1_709_296_496_789_123_456n;
const time = new Date("2024-03-01T12:34:56.789Z");

const keyValue = (key: string, value: (anyValue: ProtobufTestWriter) => void) => (kv: ProtobufTestWriter) =>
  kv.string(1, key).message(2, value);

/** An AnyValue of key-value lists nested `depth` deep, built inside out. */
function nestedKeyValueList(depth: number): Uint8Array {
  let bytes = new ProtobufTestWriter().string(1, "leaf").finish();
  for (let level = 0; level < depth; level += 1) {
    const keyValueBytes = new ProtobufTestWriter().string(1, "k").bytesField(2, bytes).finish();
    const list = new ProtobufTestWriter().bytesField(1, keyValueBytes).finish();
    bytes = new ProtobufTestWriter().bytesField(6, list).finish();
  }
  return bytes;
}

function decodeError(body: Uint8Array): ProtocolDecodeError {
  try {
    decodeOtlpMetricsProtobuf(body);
  } catch (error) {
    if (error instanceof ProtocolDecodeError) return error;
    throw error;
  }
  throw new Error("expected the body to be refused");
}

describe("decoding OTLP/protobuf metrics", () => {
  it("applies a resource that comes after its metrics on the wire, and skips fields it does not know", () => {
    const body = new ProtobufTestWriter()
      .message(1, (resourceMetrics) =>
        resourceMetrics
          .message(2, (scope) =>
            scope.message(2, (metric) =>
              metric
                .string(2, "a description before the name")
                .message(11, (summary) =>
                  summary.message(1, (point) =>
                    point
                      .fixed64(3, nanos)
                      .fixed64(4, 5n)
                      .double(5, 12.5)
                      .message(6, (q) => q.double(1, 0.5)),
                  ),
                )
                .string(1, "wait"),
            ),
          )
          .message(1, (resource) =>
            resource
              .message(
                1,
                keyValue("zone", (value) => value.string(1, "b")),
              )
              .message(
                1,
                keyValue("deep", (value) => value.raw(...nestedKeyValueList(200))),
              )
              .message(
                1,
                keyValue("primary", (value) => value.varint(2, 1)),
              )
              .message(
                1,
                keyValue("offset", (value) => value.varint(3, -3n)),
              )
              .varint(2, 0),
          )
          .string(3, "https://opentelemetry.io/schemas/1.24.0"),
      )
      .varint(99, 1)
      .finish();
    const dimensions = { zone: "b", primary: "true", offset: "-3" };
    expect(decodeOtlpMetricsProtobuf(body)).toEqual({
      points: [
        { metric: "wait.count", time, value: 5, dimensions },
        { metric: "wait.sum", time, value: 12.5, dimensions },
      ],
      errors: [],
    });
  });

  it("sends only a count for a histogram without a sum", () => {
    const body = new ProtobufTestWriter()
      .message(1, (resourceMetrics) =>
        resourceMetrics.message(2, (scope) =>
          scope.message(2, (metric) =>
            metric.string(1, "size").message(9, (histogram) =>
              histogram.message(1, (point) =>
                point
                  .fixed64(3, nanos)
                  .fixed64(4, 3n)
                  .message(
                    9,
                    keyValue("le", (value) => value.double(4, 0.5)),
                  ),
              ),
            ),
          ),
        ),
      )
      .finish();
    expect(decodeOtlpMetricsProtobuf(body).points).toEqual([
      { metric: "size.count", time, value: 3, dimensions: { le: "0.5" } },
    ]);
  });

  it("refuses a body cut short, naming the protocol and the byte", () => {
    const body = new ProtobufTestWriter()
      .message(1, (resourceMetrics) => resourceMetrics.message(2, (scope) => scope.string(3, "cut")))
      .finish();
    expect(decodeError(body.subarray(0, body.length - 2))).toMatchObject({
      protocol: "otlp-protobuf",
      location: "byte 2",
    });
  });

  it("refuses a time sent with the wrong wire type", () => {
    const body = new ProtobufTestWriter()
      .message(1, (resourceMetrics) =>
        resourceMetrics.message(2, (scope) =>
          scope.message(2, (metric) =>
            metric.string(1, "m").message(5, (gauge) => gauge.message(1, (point) => point.varint(3, 1))),
          ),
        ),
      )
      .finish();
    expect(decodeError(body).reason).toBe("field 3 has wire type 0, expected 1");
  });
});
