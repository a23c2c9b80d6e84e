import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { scrapeServicesJob } from "./scrape-services-job";

/*
 * The job scrapes a real telemetry service (which serves its own /metrics), beside a target that
 * refuses connections, one that serves an HTML page, and one whose page never stops growing.
 */

let kit: TelemetryTestKit;
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const garbage = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/html" });
  res.end("<html><body>It works!</body></html>");
});

// Chunked, so no content-length warns the reader: the cap must hold while streaming.
const endless = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  const line = `filler_total 1\n`.repeat(4_096);
  const push = () => {
    while (!res.destroyed && res.write(line));
    if (!res.destroyed) res.once("drain", push);
  };
  push();
});

beforeAll(async () => {
  kit = await startTelemetryTestKit();
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await kit?.close();
});

describe("scraping the services' /metrics into system_metrics", () => {
  it("stores the good target's samples as the services' role and warns once per bad target, naming no URL", async () => {
    const organization = await kit.createOrganization("scraped");
    await kit.ownerOf(organization).telemetry.info.query();
    const targets = [
      { name: "telemetry", metricsUrl: `${kit.service.url}/metrics` },
      { name: "down", metricsUrl: `${await unreachableUrl()}/metrics` },
      { name: "html", metricsUrl: `${await listen(garbage)}/metrics` },
      { name: "endless", metricsUrl: `${await listen(endless)}/metrics` },
    ];
    const lines: { level: number; msg: string; target?: string; reason?: string }[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });

    const job = scrapeServicesJob({ targets, maxPageBytes: 256 * 1_024 });
    await job.run({ db: kit.database.db, logger, signal: new AbortController().signal, instanceId: "test" });

    const rows = await kit.database.ownerDb
      .selectFrom("timeseries.system_metrics")
      .select(["host", "metric_name", "metric_value", "tags", "time"])
      .execute();
    expect(new Set(rows.map((row) => row.host))).toEqual(new Set(["telemetry"]));
    expect(new Set(rows.map((row) => row.time.getTime())).size).toBe(1);
    const infoCalls = rows.find(
      (row) =>
        row.metric_name === "cauldron_rpc_requests_total" &&
        (row.tags as Record<string, string>).procedure === "telemetry.info",
    );
    expect(infoCalls).toMatchObject({ metric_value: 1, tags: { service: "telemetry", status: "200" } });
    expect(rows.some((row) => row.metric_name === "process_resident_memory_bytes" && row.metric_value > 0)).toBe(true);
    expect(rows.some((row) => (row.tags as Record<string, string>).le === "+Inf")).toBe(true);

    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map((line) => [line.target, line.reason]).sort()).toEqual([
      ["down", "it could not be reached (ECONNREFUSED)"],
      ["endless", `its page is larger than ${256 * 1_024} bytes`],
      ["html", "its page is not Prometheus text (line 1: a sample must start with a metric name)"],
    ]);
    expect(JSON.stringify(lines)).not.toContain("127.0.0.1");
  });

  it("scrapes every replica a target's name resolves to, each sample labelled with its instance", async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end('replica_up{instance="from-the-page"} 1\n');
    });
    servers.push(page);
    await new Promise<void>((resolve) => page.listen(0, "0.0.0.0", resolve));
    const { port } = page.address() as AddressInfo;
    const job = scrapeServicesJob({
      targets: [{ name: "replicated", metricsUrl: `http://replicas.internal:${port}/metrics` }],
      resolveAddresses: async (hostname) => (hostname === "replicas.internal" ? ["127.0.0.2", "127.0.0.1"] : []),
    });
    await job.run({
      db: kit.database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

    const rows = await kit.database.ownerDb
      .selectFrom("timeseries.system_metrics")
      .select(["metric_name", "tags"])
      .where("host", "=", "replicated")
      .execute();
    expect(rows.map((row) => row.tags).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { instance: `127.0.0.1:${port}`, exported_instance: "from-the-page" },
      { instance: `127.0.0.2:${port}`, exported_instance: "from-the-page" },
    ]);
  });

  it("gives up on a target that does not answer within the timeout, and still stores the others", async () => {
    const silent = createServer(() => undefined);
    const targets = [
      { name: "silent", metricsUrl: `${await listen(silent)}/metrics` },
      { name: "telemetry-again", metricsUrl: `${kit.service.url}/metrics` },
    ];
    const lines: { level: number; target?: string; reason?: string }[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line)) });

    await scrapeServicesJob({ targets, timeoutMs: 300 }).run({
      db: kit.database.db,
      logger,
      signal: new AbortController().signal,
      instanceId: "test",
    });

    expect(lines.map((line) => [line.target, line.reason])).toEqual([["silent", "it did not answer within 300 ms"]]);
    const stored = await kit.database.ownerDb
      .selectFrom("timeseries.system_metrics")
      .select((eb) => eb.fn.countAll<string>().as("rows"))
      .where("host", "=", "telemetry-again")
      .executeTakeFirstOrThrow();
    expect(Number(stored.rows)).toBeGreaterThan(0);
  });
});
