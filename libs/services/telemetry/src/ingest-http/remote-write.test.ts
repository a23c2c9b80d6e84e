import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeRemoteWriteRequest,
  startTelemetryTestKit,
  type RemoteWriteSeries,
  type TelemetryTestKit,
} from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let token: string;

const at = (iso: string) => Date.parse(iso);
const range = { from: new Date("2026-02-02T00:00:00Z"), to: new Date("2026-02-03T00:00:00Z") };

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("prometheus");
  token = await kit.createApiToken(org.owner, ["metrics:write"], { organizationId: org.id });
});

afterAll(async () => {
  await kit?.close();
});

/** Sends what Prometheus's remote_write sends: snappy-compressed protobuf with its version header. */
function remoteWrite(series: RemoteWriteSeries[], headers: Record<string, string> = {}) {
  return fetch(`${kit.service.url}/api/v1/write`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-encoding": "snappy",
      "content-type": "application/x-protobuf",
      "x-prometheus-remote-write-version": "0.1.0",
      ...headers,
    },
    body: encodeRemoteWriteRequest(series),
  });
}

async function series(metric: string, groupBy: string[]) {
  const answer = await kit.ownerOf(org).telemetry.metrics.query.query({
    metric,
    ...range,
    bucket: "1 minute",
    aggregate: "last",
    groupBy,
  });
  return answer.series.map((one) => [one.group, one.points.map((point) => [point.time.toISOString(), point.value])]);
}

describe("Prometheus remote write endpoint", () => {
  it("stores each sample under __name__ with the other labels as dimensions, and answers 204", async () => {
    const response = await remoteWrite([
      {
        labels: { __name__: "http_requests_total", job: "api", code: "200", instance: "" },
        samples: [
          [1027, at("2026-02-02T10:00:00Z")],
          [1030, at("2026-02-02T10:01:00Z")],
          ["stale", at("2026-02-02T10:02:00Z")],
        ],
      },
      {
        labels: { __name__: "http_requests_total", job: "api", code: "500" },
        samples: [[4, at("2026-02-02T10:00:00Z")]],
      },
    ]);
    expect(response.status).toBe(204);
    expect(await series("http_requests_total", ["code", "job", "instance"])).toEqual([
      [
        { code: "200", job: "api" },
        [
          ["2026-02-02T10:00:00.000Z", 1027],
          ["2026-02-02T10:01:00.000Z", 1030],
        ],
      ],
      [{ code: "500", job: "api" }, [["2026-02-02T10:00:00.000Z", 4]]],
    ]);
  });

  it("stores the readable series of a request and answers 400 naming the rest", async () => {
    const response = await remoteWrite([
      { labels: { job: "nameless" }, samples: [[1, at("2026-02-02T11:00:00Z")]] },
      { labels: { __name__: "node_load1", host: "n1" }, samples: [[0.5, at("2026-02-02T11:00:00Z")]] },
      {
        labels: { __name__: "node_load1", host: "n2" },
        samples: [[Number.POSITIVE_INFINITY, at("2026-02-02T11:00:00Z")]],
      },
    ]);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^partial write: 1 points written, 2 refused: timeseries\[0\]: .*__name__.*value: /,
    );
    expect(await series("node_load1", ["host"])).toEqual([[{ host: "n1" }, [["2026-02-02T11:00:00.000Z", 0.5]]]]);
  });

  it("refuses remote write 2.0, bodies not sent as snappy, and bodies that are not snappy", async () => {
    const sample: RemoteWriteSeries[] = [{ labels: { __name__: "up" }, samples: [[1, at("2026-02-02T12:00:00Z")]] }];
    const v2 = await remoteWrite(sample, {
      "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
    });
    expect(v2.status).toBe(415);
    expect(await v2.text()).toContain("remote write 1.0");
    expect((await remoteWrite(sample, { "content-encoding": "gzip" })).status).toBe(415);
    const garbage = await fetch(`${kit.service.url}/api/v1/write`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-encoding": "snappy",
        "content-type": "application/x-protobuf",
      },
      body: Buffer.from([0x05, 0xff, 0xff, 0xff]),
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain("prometheus-remote-write");
  });
});
