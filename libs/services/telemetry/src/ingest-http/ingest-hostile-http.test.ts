import {
  errorCodeOf,
  HOSTILE_HTTP_ENV,
  sendRawRequest,
  SERVER_KIT_HOSTILE_CASES,
  type HostileTarget,
  type RawRequest,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let target: HostileTarget;
let token: string;

beforeAll(async () => {
  kit = await startTelemetryTestKit(
    { config: { TELEMETRY_MAX_BODY_BYTES: 64 * 1_024, TELEMETRY_MAX_INFLATED_BYTES: 256 * 1_024 } },
    HOSTILE_HTTP_ENV,
  );
  const organization = await kit.createOrganization("besieged");
  token = await kit.createApiToken(organization.owner, ["metrics:write", "metrics:read"], {
    organizationId: organization.id,
  });
  target = {
    url: kit.service.url,
    query: "telemetry.info",
    mutation: "telemetry.metrics.write",
    token: organization.owner.token,
    organizationId: organization.id,
  };
});

afterAll(async () => {
  await kit?.close();
});

// Built when a test runs, once the tokens exist.
const apiToken = (): [string, string] => ["authorization", `Token ${token}`];
const session = (): [string, string] => ["authorization", `Token ${target.token}`];
const influx = (overrides: Partial<RawRequest> = {}): RawRequest => ({
  method: "POST",
  path: "/api/v2/write?bucket=b",
  headers: [apiToken()],
  body: "cpu usage=1",
  ...overrides,
});

const json = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

// The service's one mutation states a 32 MB body limit, so a 1 MB body reaches its input check;
// a body declared past 32 MB is refused below instead.
const kitCases = SERVER_KIT_HOSTILE_CASES.filter((hostile) => hostile.name !== "a body over the size limit");

describe("hostile HTTP against the telemetry service", () => {
  it.each(kitCases)("answers $name with a typed $expect.status", async (hostile) => {
    const response = await sendRawRequest(target.url, hostile.request(target));
    expect({ status: response.status, code: errorCodeOf(response) }).toEqual(hostile.expect);
  });

  it("refuses a tRPC body declared past the write procedure's own limit before it arrives", async () => {
    const response = await sendRawRequest(target.url, {
      method: "POST",
      path: `/trpc/${target.mutation}`,
      headers: [
        ["content-type", "application/json"],
        ["authorization", `Bearer ${target.token}`],
        ["content-length", String(40 * 1_024 * 1_024)],
      ],
      body: "{}",
    });
    expect({ status: response.status, code: errorCodeOf(response) }).toEqual({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
    });
  });

  it.each([
    [
      "a body that trickles in past the request deadline",
      408,
      () => influx({ trickle: { from: "body", everyMs: 400 } }),
    ],
    ["a body shorter than its Content-Length", 408, () => influx({ headers: [apiToken(), ["content-length", "50"]] })],
    ["a body declared past the limit", 413, () => influx({ headers: [apiToken(), ["content-length", "41943040"]] })],
    ["org= given twice", 400, () => influx({ path: "/api/v2/write?org=a&org=b" })],
    ["a malformed escape in org=", 403, () => influx({ path: "/api/v2/write?org=%ZZ%E0%A4%A", headers: [session()] })],
    [
      "an x-organization-id of 10 kB",
      403,
      () => influx({ headers: [session(), ["x-organization-id", "f".repeat(10_000)]] }),
    ],
    [
      "an Authorization header of another scheme",
      401,
      () => influx({ headers: [["authorization", `Basic ${token}`]] }),
    ],
    ["a Token header without a token", 401, () => influx({ headers: [["authorization", "Token"]] })],
  ] as const)("answers InfluxDB writers %s with %i", async (_name, status, request) => {
    const response = await sendRawRequest(target.url, request());
    expect(response.status).toBe(status);
    if (status !== 408) {
      expect(json(response.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it("answers OTLP and remote write refusals in their own shapes", async () => {
    const otlp = await sendRawRequest(target.url, {
      method: "POST",
      path: "/v1/metrics",
      headers: [
        ["authorization", `Bearer ${token}`],
        ["content-type", "application/json"],
      ],
      body: '{"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": 5}]}]}]}',
    });
    expect(otlp.status).toBe(400);
    expect(json(otlp.body)).toMatchObject({ code: 3 });
    const remote = await sendRawRequest(target.url, {
      method: "POST",
      path: "/api/v1/write",
      headers: [
        ["authorization", `Bearer ${token}`],
        ["content-encoding", "snappy"],
      ],
      body: "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u0001",
    });
    expect(remote.status).toBe(400);
  });

  it("still answers /healthz, a procedure and a protocol write after every case", async () => {
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200);
    expect(await kit.service.client({ token: target.token }).telemetry.info.query()).toMatchObject({
      name: "telemetry",
    });
    expect((await sendRawRequest(target.url, influx())).status).toBe(204);
  });
});
