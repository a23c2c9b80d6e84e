import { OTLPMetricExporter as OtlpHttpJsonExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as OtlpHttpProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let slug: string;
let boundToken: string;
let ownerToken: string;
const startedAt = new Date(Date.now() - 60_000);

type ProtoOptions = NonNullable<ConstructorParameters<typeof OtlpHttpProtoExporter>[0]>;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("otlp");
  slug = (
    await kit.database.ownerDb
      .selectFrom("organizations")
      .select("slug")
      .where("id", "=", org.id)
      .executeTakeFirstOrThrow()
  ).slug;
  boundToken = await kit.createApiToken(org.owner, ["metrics:write"], { organizationId: org.id });
  ownerToken = await kit.createApiToken(org.owner, ["metrics:*"]);
});

afterAll(async () => {
  await kit?.close();
});

// Cumulative sums and histograms are exported whole each time (on flush, again on shutdown): the last one counts.
async function lastValues(metric: string, groupBy: string[]) {
  const { series } = await kit.ownerOf(org).telemetry.metrics.query.query({
    metric,
    from: startedAt,
    to: new Date(Date.now() + 120_000),
    bucket: "1 hour",
    aggregate: "last",
    groupBy,
  });
  return series.map((one) => [one.group, one.points.map((point) => point.value)]);
}

/** Records with the OpenTelemetry SDK and exports once through `exporter`, as an instrumented program would. */
async function recordAndExport(exporter: PushMetricExporter, service: string) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter("checkout-instrumentation");
  const orders = meter.createCounter("checkout.orders");
  orders.add(3, { region: "eu" });
  orders.add(2, { region: "us" });
  const latency = meter.createHistogram("checkout.latency");
  latency.record(100, { region: "eu" });
  latency.record(300, { region: "eu" });
  meter.createGauge("checkout.queue").record(7);
  await provider.forceFlush();
  await provider.shutdown();
}

describe("OTLP/HTTP metrics endpoint, driven by the OpenTelemetry SDK", () => {
  it("takes JSON exports: counters as their value, histograms as .count and .sum, resource attributes as dimensions", async () => {
    const exporter = new OtlpHttpJsonExporter({
      url: `${kit.service.url}/v1/metrics`,
      headers: { authorization: `Bearer ${boundToken}` },
    });
    await recordAndExport(exporter, "shop-json");
    expect(await lastValues("checkout.orders", ["service.name", "region"])).toEqual([
      [{ "service.name": "shop-json", region: "eu" }, [3]],
      [{ "service.name": "shop-json", region: "us" }, [2]],
    ]);
    expect(await lastValues("checkout.latency.count", ["region"])).toEqual([[{ region: "eu" }, [2]]]);
    expect(await lastValues("checkout.latency.sum", ["region"])).toEqual([[{ region: "eu" }, [400]]]);
    expect(await lastValues("checkout.queue", ["service.name"])).toEqual([[{ "service.name": "shop-json" }, [7]]]);
  });

  it("takes gzipped protobuf exports for the organization an unbound token names by slug", async () => {
    const exporter = new OtlpHttpProtoExporter({
      url: `${kit.service.url}/v1/metrics`,
      headers: { authorization: `Bearer ${ownerToken}`, "x-organization-id": slug },
      compression: "gzip" as ProtoOptions["compression"],
    });
    await recordAndExport(exporter, "shop-proto");
    expect(await lastValues("checkout.orders", ["service.name", "region"])).toContainEqual([
      { "service.name": "shop-proto", region: "eu" },
      [3],
    ]);
    expect(await lastValues("checkout.latency.sum", ["service.name"])).toContainEqual([
      { "service.name": "shop-proto" },
      [400],
    ]);
  });
});

describe("OTLP answers", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${kit.service.url}/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${boundToken}`, "content-type": "application/json", ...headers },
      body,
    });
  const gauge = (name: string, dataPoints: object[]) =>
    JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name, gauge: { dataPoints } }] }] }] });
  const nanos = (date: Date) => `${date.getTime()}000000`;

  it("stores the good data points and names the refused ones as a partial success", async () => {
    const body = gauge("invoices.open", [
      { timeUnixNano: nanos(new Date()), asDouble: 3 },
      { timeUnixNano: nanos(new Date()), asDouble: "NaN" },
      { timeUnixNano: nanos(new Date(Date.now() + 86_400_000)), asDouble: 4 },
    ]);
    const response = await post(body);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedDataPoints).toBe("2");
    expect(answer.partialSuccess.errorMessage).toMatch(/value: .*finite.*time: .*future/);
    expect(await lastValues("invoices.open", [])).toEqual([[{}, [3]]]);
  });

  it("answers {} when every data point was taken", async () => {
    const response = await post(gauge("invoices.paid", [{ timeUnixNano: nanos(new Date()), asInt: "5" }]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it("answers errors as a Status: 415 for another content type, 400 for broken JSON, 401 without a token", async () => {
    const plain = await post("{}", { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({
      code: 3,
      message: "Send OTLP metrics as application/json or application/x-protobuf",
    });
    const broken = await post("{ not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 3 });
    const anonymous = await post(gauge("x", []), { authorization: "" });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 16 });
  });
});
