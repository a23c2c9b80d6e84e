import { gzipSync } from "node:zlib";
import { sendRawRequest, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeRemoteWriteRequest, startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let home: TestOrganization;
let other: TestOrganization;
let unboundToken: string;

const MAX_BODY_BYTES = 64 * 1_024;
const MAX_INFLATED_BYTES = 256 * 1_024;
const range = { from: new Date("2026-02-02T00:00:00Z"), to: new Date("2026-02-03T00:00:00Z") };
const line = (metric: string) => `${metric} value=1 1770030000000000000`;

beforeAll(async () => {
  kit = await startTelemetryTestKit({
    config: { TELEMETRY_MAX_BODY_BYTES: MAX_BODY_BYTES, TELEMETRY_MAX_INFLATED_BYTES: MAX_INFLATED_BYTES },
  });
  home = await kit.createOrganization("home");
  other = await kit.createOrganization("other");
  unboundToken = await kit.createApiToken(home.owner, ["metrics:write"]);
});

afterAll(async () => {
  await kit?.close();
});

const slugOf = async (organization: TestOrganization) =>
  (
    await kit.database.ownerDb
      .selectFrom("organizations")
      .select("slug")
      .where("id", "=", organization.id)
      .executeTakeFirstOrThrow()
  ).slug;

function influxWrite(
  body: string | Buffer,
  options: { token?: string; query?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${kit.service.url}/api/v2/write?${options.query ?? ""}`, {
    method: "POST",
    headers: { authorization: `Token ${options.token ?? unboundToken}`, ...options.headers },
    body,
  });
}

async function countIn(organization: TestOrganization, metric: string): Promise<number> {
  const { series } = await kit.ownerOf(organization).telemetry.metrics.query.query({
    metric: `${metric}.value`,
    ...range,
    bucket: "1 day",
    aggregate: "count",
  });
  return series[0]?.points[0]?.value ?? 0;
}

describe("which organization a protocol write lands in", () => {
  it("takes org= or x-organization-id as an id or a slug", async () => {
    expect((await influxWrite(line("by_id"), { query: `org=${home.id}` })).status).toBe(204);
    expect((await influxWrite(line("by_slug"), { query: `org=${await slugOf(home)}&bucket=x` })).status).toBe(204);
    expect(
      (await influxWrite(line("by_header"), { headers: { "x-organization-id": await slugOf(home) } })).status,
    ).toBe(204);
    expect([await countIn(home, "by_id"), await countIn(home, "by_slug"), await countIn(home, "by_header")]).toEqual([
      1, 1, 1,
    ]);
  });

  it("writes where a bound token is bound, whatever org= says", async () => {
    const bound = await kit.createApiToken(home.owner, ["metrics:write"], { organizationId: home.id });
    expect((await influxWrite(line("bound"), { token: bound, query: `org=${other.id}` })).status).toBe(204);
    expect(await countIn(home, "bound")).toBe(1);
    expect(await countIn(other, "bound")).toBe(0);
  });

  it("takes a signed-in session's access token too", async () => {
    expect((await influxWrite(line("session"), { token: home.owner.token, query: `org=${home.id}` })).status).toBe(204);
    expect(await countIn(home, "session")).toBe(1);
  });

  it("answers 400 when no organization is named, and 403 for one the caller is not in or that does not exist", async () => {
    const unnamed = await influxWrite(line("nowhere"));
    expect(unnamed.status).toBe(400);
    expect(await unnamed.json()).toMatchObject({
      code: "invalid",
      message: expect.stringContaining("Name the organization"),
    });
    for (const org of [other.id, await slugOf(other), "no-such-organization", "x".repeat(300)]) {
      const refused = await influxWrite(line("elsewhere"), { query: `org=${org}` });
      expect(refused.status, org).toBe(403);
      expect(await refused.json()).toEqual({ code: "forbidden", message: "You are not a member of this organization" });
    }
    expect(await countIn(other, "elsewhere")).toBe(0);
  });
});

describe("who may write through the protocols", () => {
  it("refuses a member without metrics:write", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(home.id, viewer, "viewer");
    const response = await influxWrite(line("viewer"), { token: viewer.token, query: `org=${home.id}` });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: "This needs the metrics:write permission" });
  });

  it("refuses writes to an archived organization", async () => {
    const archived = await kit.createOrganization("archived");
    await kit.database.ownerDb
      .updateTable("organizations")
      .set({ archived_at: new Date() })
      .where("id", "=", archived.id)
      .execute();
    const response = await influxWrite(line("archived"), { token: archived.owner.token, query: `org=${archived.id}` });
    expect(response.status).toBe(412);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining("archived") });
    expect(await countIn(archived, "archived")).toBe(0);
  });
});

describe("body limits", () => {
  it("refuses a body declared larger than the limit with 413 before it arrives", async () => {
    const response = await sendRawRequest(kit.service.url, {
      method: "POST",
      path: `/api/v2/write?org=${home.id}`,
      headers: [
        ["authorization", `Token ${unboundToken}`],
        ["content-length", String(100 * MAX_BODY_BYTES)],
      ],
      body: line("huge"),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      code: "request too large",
      message: `The body is larger than ${MAX_BODY_BYTES} bytes`,
    });
  });

  it("refuses a gzip body that inflates past its bound with 413", async () => {
    const bomb = gzipSync(Buffer.alloc(4 * MAX_INFLATED_BYTES, "a"));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const response = await influxWrite(bomb, { query: `org=${home.id}`, headers: { "content-encoding": "gzip" } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "request too large" });
  });

  it("refuses a snappy body whose header declares more than the bound with 413", async () => {
    const body = encodeRemoteWriteRequest([
      { labels: { __name__: "wide", note: "n".repeat(2 * MAX_INFLATED_BYTES) }, samples: [] },
    ]);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const response = await fetch(`${kit.service.url}/api/v1/write`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${unboundToken}`,
        "x-organization-id": home.id,
        "content-encoding": "snappy",
        "content-type": "application/x-protobuf",
      },
      body,
    });
    expect(response.status).toBe(413);
  });

  it("refuses an encoding a protocol does not take with 415", async () => {
    const response = await influxWrite(line("deflated"), {
      query: `org=${home.id}`,
      headers: { "content-encoding": "br" },
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "unsupported media type" });
  });
});
