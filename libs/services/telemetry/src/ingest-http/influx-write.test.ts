import { gzipSync } from "node:zlib";
import { HttpError, InfluxDB, Point, setLogger } from "@influxdata/influxdb-client";
import type { TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let token: string;

const at = (iso: string) => new Date(iso);
const range = { from: at("2026-02-02T00:00:00Z"), to: at("2026-02-03T00:00:00Z") };
const silent = { error: () => undefined, warn: () => undefined };

beforeAll(async () => {
  setLogger(silent);
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("influx");
  token = await kit.createApiToken(org.owner, ["metrics:write", "metrics:read"], { organizationId: org.id });
});

afterAll(async () => {
  await kit?.close();
});

async function sums(metric: string, groupBy: string[] = []) {
  const { series } = await kit.ownerOf(org).telemetry.metrics.query.query({
    metric,
    ...range,
    bucket: "1 day",
    aggregate: "sum",
    groupBy,
  });
  return series.map((one) => [one.group, one.points.map((point) => point.value)]);
}

function post(body: string | Buffer, headers: Record<string, string> = {}, query = `org=${org.id}&bucket=b`) {
  return fetch(`${kit.service.url}/api/v2/write?${query}`, {
    method: "POST",
    headers: { authorization: `Token ${token}`, "content-type": "text/plain; charset=utf-8", ...headers },
    body,
  });
}

describe("InfluxDB write endpoint, driven by @influxdata/influxdb-client", () => {
  it("stores points as measurement.field with tags as dimensions, default tags included", async () => {
    const writeApi = new InfluxDB({ url: kit.service.url, token }).getWriteApi(org.id, "telemetry", "ns");
    writeApi.useDefaultTags({ site: "lab" });
    writeApi.writePoint(
      new Point("cpu")
        .tag("host", "a")
        .floatField("usage", 0.25)
        .intField("cores", 8)
        .timestamp(at("2026-02-02T10:00:00Z")),
    );
    writeApi.writePoint(
      new Point("cpu").tag("host", "b").floatField("usage", 0.5).timestamp(at("2026-02-02T11:00:00Z")),
    );
    await writeApi.close();
    expect(await sums("cpu.usage", ["host", "site"])).toEqual([
      [{ host: "a", site: "lab" }, [0.25]],
      [{ host: "b", site: "lab" }, [0.5]],
    ]);
    expect(await sums("cpu.cores")).toEqual([[{}, [8]]]);
  });

  it("takes a large batch, which the client sends gzipped, at millisecond precision", async () => {
    const writeApi = new InfluxDB({ url: kit.service.url, token }).getWriteApi(org.id, "telemetry", "ms", {
      batchSize: 5_000,
    });
    for (let index = 0; index < 2_000; index += 1) {
      writeApi.writePoint(
        new Point("requests")
          .tag("route", `/r${index % 4}`)
          .intField("count", 1)
          .timestamp(at("2026-02-02T12:00:00Z")),
      );
    }
    await writeApi.close();
    expect(await sums("requests.count")).toEqual([[{}, [2_000]]]);
  });

  it("refuses a token without metrics:write with 403, which the client reports", async () => {
    const readOnly = await kit.createApiToken(org.owner, ["metrics:read"], { organizationId: org.id });
    const writeApi = new InfluxDB({ url: kit.service.url, token: readOnly }).getWriteApi(org.id, "b", "s", {
      maxRetries: 0,
    });
    writeApi.writePoint(new Point("denied").floatField("value", 1).timestamp(at("2026-02-02T10:00:00Z")));
    const failure = await writeApi.close().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).statusCode).toBe(403);
  });
});

describe("InfluxDB answers", () => {
  it("answers 204 to a gzip body sent by hand, with Bearer as well as Token", async () => {
    const lines = "temperature,room=kitchen celsius=21.5 1770030000\n";
    const response = await post(
      gzipSync(lines),
      { "content-encoding": "gzip", authorization: `Bearer ${token}` },
      `org=${org.id}&bucket=b&precision=s`,
    );
    expect(response.status).toBe(204);
    expect(await sums("temperature.celsius", ["room"])).toEqual([[{ room: "kitchen" }, [21.5]]]);
  });

  it("stores the good lines of a partly broken body and answers 400 naming the broken ones", async () => {
    const body = [
      "pressure,site=a hpa=1013 1770030000000000000",
      "pressure,site=a hpa=",
      "pressure,site=b hpa=1009 1770030000000000000",
      "9bad hpa=1 1770030000000000000",
    ].join("\n");
    const response = await post(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { code: string; message: string };
    expect(answer.code).toBe("invalid");
    expect(answer.message).toMatch(
      /^partial write: 2 points written, 2 refused: line 2: .*; point 2 \("9bad.hpa"\): metric: /,
    );
    expect(await sums("pressure.hpa", ["site"])).toEqual([
      [{ site: "a" }, [1013]],
      [{ site: "b" }, [1009]],
    ]);
  });

  it("answers 400 in InfluxDB's shape to an unknown precision and to a body that is not UTF-8", async () => {
    const precision = await post("x v=1", {}, `org=${org.id}&bucket=b&precision=minutes`);
    expect(precision.status).toBe(400);
    expect(await precision.json()).toMatchObject({ code: "invalid", message: expect.stringContaining("precision") });
    const binary = await post(Buffer.from([0x63, 0x20, 0x76, 0x3d, 0xff, 0xfe]));
    expect(binary.status).toBe(400);
    expect(await binary.json()).toEqual({ code: "invalid", message: "The body is not UTF-8 text" });
  });

  it("answers 401 to a missing or unknown token", async () => {
    const missing = await post("x v=1", { authorization: "" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "unauthorized" });
    const unknown = await post("x v=1", { authorization: `Token cst_${"0".repeat(16)}_${"a".repeat(43)}` });
    expect(unknown.status).toBe(401);
  });
});
