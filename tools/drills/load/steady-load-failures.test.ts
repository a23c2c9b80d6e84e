import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LOAD_BUCKET, LOAD_METRIC, type SeededOrganization } from "./seed-organizations";
import { startSteadyLoad } from "./steady-load";
import { freePort } from "@cauldron/testing";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const organization: SeededOrganization = {
  organizationId: randomUUID(),
  owner: { userId: randomUUID(), email: "owner@example.com", accessToken: async () => "a-token-nobody-checks" },
  bucket: LOAD_BUCKET,
  collectionId: randomUUID(),
  metric: LOAD_METRIC,
};

const everyServiceAt = (url: string) =>
  Object.fromEntries(SERVICE_NAMES.map((name) => [name, url])) as Record<ServiceName, string>;

describe("a steady load against services that do not answer", () => {
  let server: Server;
  let url: string;
  let open = 0;
  let received = 0;

  beforeAll(async () => {
    // Reads every request and never answers, like a replica stuck on a dead database connection.
    server = createServer((request) => {
      open += 1;
      received += 1;
      request.once("close", () => (open -= 1));
      request.resume();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it("fails each hung request at its deadline as TIMEOUT and aborts it, never holding more than the in-flight bound", async () => {
    const progress: string[] = [];
    const load = startSteadyLoad({
      urls: everyServiceAt(url),
      organizations: [organization],
      requestsPerSecond: 40,
      requestTimeoutMs: 300,
      maxInFlight: 4,
      progressEveryMs: 50,
      onProgress: (line) => progress.push(line),
    });
    await pause(1_200);
    const report = await load.stop();

    expect(report.sent).toBeGreaterThan(0);
    expect(report.failed).toBe(report.sent);
    expect(report.failuresByCode).toEqual({ TIMEOUT: report.sent });
    expect(report.shed).toBeGreaterThan(0);
    expect(report.ledger).toEqual([]);
    const inFlight = progress.map((line) => Number(/in flight (\d+)/.exec(line)?.[1]));
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(4);
    expect(received).toBeGreaterThan(0);
    await vi.waitFor(() => expect(open).toBe(0));
  });

  it("counts requests to a port nobody listens on by their network error", async () => {
    const load = startSteadyLoad({
      urls: everyServiceAt(`http://127.0.0.1:${await freePort()}`),
      organizations: [organization],
      requestsPerSecond: 20,
    });
    await pause(600);
    const report = await load.stop();

    expect(report.sent).toBeGreaterThan(0);
    expect(report.failuresByCode).toEqual({ ECONNREFUSED: report.sent });
    expect(report.writesAcknowledged).toBe(0);
  });
});
