import { describe, expect, it } from "vitest";
import { MAX_DIMENSIONS } from "./ingest-point";
import { decodeOtlpMetricsJson } from "./otlp-metrics-json";
import { ProtocolDecodeError } from "./protocol-decode-error";

const nanos = "1709296496789123456";
const time = new Date("2024-03-01T12:34:56.789Z");

const request = (metrics: unknown[], resourceAttributes: unknown[] = []) =>
  JSON.stringify({
    resourceMetrics: [{ resource: { attributes: resourceAttributes }, scopeMetrics: [{ scope: null, metrics }] }],
  });

function decodeError(body: string): ProtocolDecodeError {
  try {
    decodeOtlpMetricsJson(body);
  } catch (error) {
    if (error instanceof ProtocolDecodeError) return error;
    throw error;
  }
  throw new Error("expected the body to be refused");
}

describe("decoding OTLP/JSON metrics", () => {
  it("reads 64-bit integers sent as strings, special doubles and nulls as protobuf's JSON mapping writes them", () => {
    const body = request(
      [
        { name: "bytes", sum: { dataPoints: [{ timeUnixNano: nanos, asInt: "9007199254740993" }] } },
        { name: "ratio", gauge: { dataPoints: [{ timeUnixNano: nanos, asDouble: "NaN", attributes: null }] } },
        { name: "wait", summary: { dataPoints: [{ timeUnixNano: nanos, count: "7", sum: "Infinity" }] } },
        { name: "size", histogram: { dataPoints: [{ timeUnixNano: nanos, count: 3, sum: null }] } },
      ],
      [
        { key: "pid", value: { intValue: "42" } },
        { key: "load", value: { doubleValue: 1.5 } },
        { key: "empty", value: {} },
      ],
    );
    const dimensions = { pid: "42", load: "1.5" };
    expect(decodeOtlpMetricsJson(new TextEncoder().encode(body))).toEqual({
      points: [
        { metric: "bytes", time, value: 9007199254740992, dimensions },
        { metric: "ratio", time, value: Number.NaN, dimensions },
        { metric: "wait.count", time, value: 7, dimensions },
        { metric: "wait.sum", time, value: Number.POSITIVE_INFINITY, dimensions },
        { metric: "size.count", time, value: 3, dimensions },
      ],
      errors: [],
    });
  });

  it("reports metrics and data points it cannot turn into points, keeping the rest", () => {
    const body = request([
      { gauge: { dataPoints: [{ timeUnixNano: nanos, asDouble: 1 }] } },
      { name: "unknown.kind", description: "no data" },
      { name: "no.time", gauge: { dataPoints: [{ asDouble: 1 }, { timeUnixNano: nanos, asDouble: 2 }] } },
      { name: "no.value", sum: { dataPoints: [{ timeUnixNano: nanos }] } },
    ]);
    const metric = "resourceMetrics[0].scopeMetrics[0].metrics";
    expect(decodeOtlpMetricsJson(body)).toEqual({
      points: [{ metric: "no.time", time, value: 2, dimensions: {} }],
      errors: [
        { location: `${metric}[0]`, message: "the metric has no name" },
        { location: `${metric}[1]`, message: 'metric "unknown.kind" has no gauge, sum, histogram or summary data' },
        {
          location: `${metric}[2].gauge.dataPoints[0]`,
          message: 'a data point of "no.time" has no valid timeUnixNano',
        },
        { location: `${metric}[3].sum.dataPoints[0]`, message: 'a data point of "no.value" has no value' },
      ],
    });
  });

  it("skips resources and data points with more attributes than a point may carry as dimensions", () => {
    const attributes = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, index) => ({ key: `${prefix}${index}`, value: { stringValue: "v" } }));
    const point = { timeUnixNano: nanos, asDouble: 1, attributes: attributes("p", 2) };
    const fits = request([{ name: "m", gauge: { dataPoints: [point] } }], attributes("r", MAX_DIMENSIONS - 1));
    expect(decodeOtlpMetricsJson(fits).errors).toEqual([
      {
        location: "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]",
        message: `a data point of "m" has ${MAX_DIMENSIONS + 1} attributes; at most ${MAX_DIMENSIONS} are kept`,
      },
    ]);
    const wide = request([{ name: "m", gauge: { dataPoints: [point] } }], attributes("r", MAX_DIMENSIONS + 1));
    expect(decodeOtlpMetricsJson(wide)).toEqual({
      points: [],
      errors: [
        {
          location: "resourceMetrics[0].resource",
          message: `the resource has ${MAX_DIMENSIONS + 1} attributes; at most ${MAX_DIMENSIONS} are kept`,
        },
      ],
    });
  });

  it("refuses a body that is not JSON", () => {
    expect(decodeError("{ resourceMetrics: [")).toMatchObject({ protocol: "otlp-json", location: "body" });
  });

  it("refuses a field of the wrong type, naming its path", () => {
    const body = request([{ name: "m", gauge: { dataPoints: [{ timeUnixNano: nanos, asInt: "12abc" }] } }]);
    expect(decodeError(body).location).toBe(
      "request.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asInt",
    );
  });

  it("leaves deeply nested attribute values out without walking them", () => {
    const depth = 20_000;
    const nested = `${'{"arrayValue":{"values":['.repeat(depth)}${"]}}".repeat(depth)}`;
    const body = request([{ name: "m", gauge: { dataPoints: [{ timeUnixNano: nanos, asDouble: 1 }] } }]).replace(
      '"attributes":[]',
      `"attributes":[{"key":"deep","value":${nested}},{"key":"zone","value":{"stringValue":"b"}}]`,
    );
    expect(decodeOtlpMetricsJson(body).points).toEqual([{ metric: "m", time, value: 1, dimensions: { zone: "b" } }]);
  });
});
