import type { TestOrganization } from "@cauldron/testing";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { ensurePrometheusBinary, startPrometheus, type RunningPrometheus } from "../testing/prometheus-binary";

const INSTALL_TIMEOUT_MS = 900_000;
const ARRIVAL_TIMEOUT_MS = 30_000;

let kit: TelemetryTestKit;
let org: TestOrganization;
let shop: Server;
let prometheus: RunningPrometheus | undefined;
let serviceTarget: string;
let shopTarget: string;
const startedAt = new Date();

/** A scrape target as a plain exporter is: fixed text exposition, one labelled counter. */
async function startShopExporter(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end(
      '# HELP shop_orders_total Orders taken.\n# TYPE shop_orders_total counter\nshop_orders_total{shop="north"} 42\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

function prometheusConfig(token: string) {
  return {
    global: { scrape_interval: "1s", scrape_timeout: "1s", external_labels: { cluster: "ci" } },
    scrape_configs: [
      { job_name: "telemetry", static_configs: [{ targets: [serviceTarget] }] },
      { job_name: "shop", static_configs: [{ targets: [shopTarget] }] },
    ],
    remote_write: [
      {
        url: `${kit.service.url}/api/v1/write`,
        authorization: { type: "Token", credentials: token },
        queue_config: { batch_send_deadline: "1s", min_backoff: "100ms", max_backoff: "1s" },
      },
    ],
  };
}

const range = () => ({ from: new Date(startedAt.getTime() - 60_000), to: new Date(Date.now() + 60_000) });

async function listed(organization: TestOrganization, metric?: string) {
  return kit.ownerOf(organization).telemetry.metrics.list.query({ ...range(), metric });
}

async function dimensionValues(metric: string, key: string) {
  const { dimensions } = await listed(org, metric);
  return dimensions?.keys.find((dimension) => dimension.key === key)?.values.toSorted() ?? [];
}

beforeAll(async () => {
  const binary = await ensurePrometheusBinary();
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("scraped");
  const token = await kit.createApiToken(org.owner, ["metrics:write"], { organizationId: org.id });
  shop = await startShopExporter();
  serviceTarget = new URL(kit.service.url).host;
  shopTarget = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
  prometheus = await startPrometheus(binary, prometheusConfig(token));
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => shop?.close(resolve));
  await kit?.close();
});

describe("a Prometheus server remote-writing to the telemetry service", () => {
  it("ships the samples it scrapes into the token's organization, labels as dimensions", async () => {
    await vi.waitFor(
      async () => {
        const exitCode = prometheus?.exitCode() ?? null;
        if (exitCode !== null) throw new Error(`prometheus exited with ${exitCode}:\n${prometheus?.log()}`);
        expect(await dimensionValues("up", "job")).toEqual(["shop", "telemetry"]);
      },
      { timeout: ARRIVAL_TIMEOUT_MS, interval: 250 },
    );

    expect(await dimensionValues("up", "instance")).toEqual([serviceTarget, shopTarget].toSorted());
    expect(await dimensionValues("up", "cluster")).toEqual(["ci"]);
    const names = (await listed(org)).metrics.map((metric) => metric.name);
    expect(names).toEqual(expect.arrayContaining(["up", "shop_orders_total", "process_resident_memory_bytes"]));
    expect(await dimensionValues("process_resident_memory_bytes", "service")).toEqual(["telemetry"]);
  });

  it("keeps each sample's value and labels as the exporter exposed them", async () => {
    const answer = await kit.ownerOf(org).telemetry.metrics.query.query({
      metric: "shop_orders_total",
      ...range(),
      bucket: "1 minute",
      aggregate: "max",
      groupBy: ["shop", "job", "instance", "cluster"],
    });
    expect(answer.series.map((series) => series.group)).toEqual([
      { shop: "north", job: "shop", instance: shopTarget, cluster: "ci" },
    ]);
    expect(answer.series[0]?.points.map((point) => point.value)).toContain(42);
    expect(answer.series[0]?.points.every((point) => point.value === 42)).toBe(true);
  });

  it("leaves other organizations without any of the shipped samples", async () => {
    const other = await kit.createOrganization("unscraped");
    expect((await listed(other)).metrics).toEqual([]);
  });
});
