import {
  createTestDatabase,
  sendRawRequest,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";

let countCalls = 0;

const kitService = defineService({
  name: "auth",
  createRouter: () =>
    router({
      kit: router({
        ping: publicProcedure.query(() => "pong"),
        count: publicProcedure.mutation(() => (countCalls += 1)),
      }),
    }),
});

let database: TestDatabase;
let service: TestService<ReturnType<typeof kitService.createRouter>>;

beforeAll(async () => {
  database = await createTestDatabase();
  service = await startTestService(kitService, { db: database.db, env: { RPC_MAX_BATCH_SIZE: "3" } });
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function requestSeries(): Promise<Series[]> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return [...text.matchAll(/^(cauldron_(?:rpc|http)_requests_total)\{([^}]*)\} (\S+)$/gm)].map(
    ([, name, labels, value]) => ({
      name: name ?? "",
      labels: Object.fromEntries(
        [...(labels ?? "").matchAll(/(\w+)="([^"]*)"/g)].map(([, key, label]) => [key, label]),
      ),
      value: Number(value),
    }),
  );
}

function callsOf(series: Series[], procedure: string): number {
  return series
    .filter((entry) => entry.name === "cauldron_rpc_requests_total" && entry.labels.procedure === procedure)
    .reduce((sum, entry) => sum + entry.value, 0);
}

const junk = () => randomBytes(6).toString("hex");

describe("request metrics", () => {
  it("keeps the number of series bounded after 200 requests to junk paths", async () => {
    const junkPaths = Array.from(
      { length: 200 },
      (_, index) =>
        [
          `/trpc/${junk()}`,
          `/trpc/kit.ping,${junk()},kit.${junk()}?batch=1`,
          `/trpc/%${junk()}%ZZ`,
          `/${junk()}/${junk()}`,
          `/trpc/${Array(10).fill(junk()).join(",")}?batch=1`,
        ][index % 5] ?? "/",
    );
    for (const path of junkPaths) await sendRawRequest(service.url, { path });

    const series = await requestSeries();
    const procedures = new Set(
      series.filter((s) => s.name === "cauldron_rpc_requests_total").map((s) => s.labels.procedure),
    );
    const routes = new Set(series.filter((s) => s.name === "cauldron_http_requests_total").map((s) => s.labels.route));
    expect([...procedures].sort()).toEqual(["kit.ping", "unknown"]);
    expect(routes).toContain("unmatched");
    expect([...routes].filter((route) => route !== "unmatched" && route !== "/metrics")).toEqual([]);
    expect(series.length).toBeLessThanOrEqual(10);
  });

  it("counts each call of a batch once, under its own procedure", async () => {
    const before = await requestSeries();
    const response = await fetch(`${service.url}/trpc/kit.ping,kit.ping,kit.count?batch=1`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBeLessThan(500);
    const after = await requestSeries();
    expect(callsOf(after, "kit.ping") - callsOf(before, "kit.ping")).toBe(2);
    expect(callsOf(after, "kit.count") - callsOf(before, "kit.count")).toBe(1);
    expect(after.some((entry) => entry.labels.procedure?.includes(","))).toBe(false);
  });

  it("refuses a batch over the configured cap with BAD_REQUEST before any call runs", async () => {
    const before = countCalls;
    const response = await fetch(`${service.url}/trpc/kit.count,kit.count,kit.count,kit.count?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toContain("at most 3 calls");
    expect(countCalls).toBe(before);
    const series = await requestSeries();
    expect(series.some((entry) => entry.labels.procedure === "unknown" && entry.labels.status === "400")).toBe(true);
  });
});
