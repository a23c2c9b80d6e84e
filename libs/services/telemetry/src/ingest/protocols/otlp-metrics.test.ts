import { ValueType, type HrTime } from "@opentelemetry/api";
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AggregationType, MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import type { IngestPoint } from "./ingest-point";
import { decodeOtlpMetrics, otlpEncodingOf } from "./otlp-metrics";

/** A reader that hands over what the SDK collected when asked, as an exporter's reader would. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function collectShopMetrics(): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout",
      "host.cpus": 8,
      "deploy.canary": true,
      "build.ratio": 0.5,
      "host.tags": ["blue", "green"],
    }),
    readers: [reader],
    views: [{ instrumentName: "payload.size", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter("shop");
  const orders = meter.createCounter("orders", { valueType: ValueType.INT });
  orders.add(3, { region: "eu" });
  orders.add(2, { region: "us", "service.name": "checkout-us" });
  meter.createUpDownCounter("stock.level").add(-2.5, { sku: "A-1", "sku.size": 42, "sku.fragile": false });
  meter.createObservableGauge("queue.depth").addCallback((result) => result.observe(4.5, { queue: "mail" }));
  const latency = meter.createHistogram("latency");
  latency.record(12.5, { route: "/pay" });
  latency.record(30, { route: "/pay" });
  const payload = meter.createHistogram("payload.size");
  payload.record(100);
  payload.record(300);
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  await provider.shutdown();
  return resourceMetrics;
}

/** When the SDK says a metric's data points were taken, to the millisecond. */
function collectedAt(collected: ResourceMetrics, name: string): Date {
  const metric = collected.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  const [seconds, nanos]: HrTime = metric?.dataPoints[0]?.endTime ?? [0, 0];
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
}

function expectedPoints(collected: ResourceMetrics): IngestPoint[] {
  const resource = { "service.name": "checkout", "host.cpus": "8", "deploy.canary": "true", "build.ratio": "0.5" };
  const point = (metric: string, value: number, attributes: Record<string, string> = {}) => ({
    metric,
    time: collectedAt(collected, metric.replace(/\.(count|sum)$/, "")),
    value,
    dimensions: { ...resource, ...attributes },
  });
  return sorted([
    point("orders", 3, { region: "eu" }),
    point("orders", 2, { region: "us", "service.name": "checkout-us" }),
    point("stock.level", -2.5, { sku: "A-1", "sku.size": "42", "sku.fragile": "false" }),
    point("queue.depth", 4.5, { queue: "mail" }),
    point("latency.count", 2, { route: "/pay" }),
    point("latency.sum", 42.5, { route: "/pay" }),
    point("payload.size.count", 2),
    point("payload.size.sum", 400),
  ]);
}

function sorted(points: IngestPoint[]): IngestPoint[] {
  const key = (point: IngestPoint) => `${point.metric} ${JSON.stringify(point.dimensions)}`;
  return [...points].sort((a, b) => key(a).localeCompare(key(b)));
}

describe("decoding OTLP/HTTP metrics sent by the OpenTelemetry SDK", () => {
  it("reads the protobuf export into gauge, sum and distribution points with resource dimensions", async () => {
    const collected = await collectShopMetrics();
    const body = ProtobufMetricsSerializer.serializeRequest(collected);
    if (!body) throw new Error("the SDK produced no protobuf body");
    const { points, errors } = decodeOtlpMetrics(body, "protobuf");
    expect(errors).toEqual([]);
    expect(sorted(points)).toEqual(expectedPoints(collected));
  });

  it("reads the JSON export into the same points", async () => {
    const collected = await collectShopMetrics();
    const body = JsonMetricsSerializer.serializeRequest(collected);
    if (!body) throw new Error("the SDK produced no JSON body");
    const { points, errors } = decodeOtlpMetrics(body, "json");
    expect(errors).toEqual([]);
    expect(sorted(points)).toEqual(expectedPoints(collected));
  });

  it("tells the encoding from the Content-Type an exporter sends", () => {
    expect(otlpEncodingOf("application/x-protobuf")).toBe("protobuf");
    expect(otlpEncodingOf("Application/JSON; charset=utf-8")).toBe("json");
    expect(otlpEncodingOf("text/plain")).toBeUndefined();
    expect(otlpEncodingOf(undefined)).toBeUndefined();
  });
});
