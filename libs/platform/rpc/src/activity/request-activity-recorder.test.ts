import { configuredRedisUrl } from "@cauldron/config";
import { requestActivityBatchSchema, requestActivityStreamKey, type RequestActivityBatch } from "@cauldron/contracts";
import { clearTestRedisPrefix, createTestDatabase, createTestRedisPrefix, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../context";
import { createServiceServer } from "../http/create-service-server";
import { protectedProcedure, publicProcedure, router } from "../trpc";
import { createRequestActivityRecorder } from "./request-activity-recorder";

const ALICE = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const BOB = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
const ORGANIZATION = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
const BOUND_ORGANIZATION = "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b";
const logger = pino({ level: "silent" });
const kitRouter = router({
  kit: router({
    ping: publicProcedure.query(() => "pong"),
    whoami: protectedProcedure.query(({ ctx }) => ctx.principal.kind),
  }),
});

let database: TestDatabase;
let redis: Redis;
const prefix = createTestRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase();
  redis = new Redis(configuredRedisUrl(), { lazyConnect: true });
});

afterAll(async () => {
  redis?.disconnect();
  await clearTestRedisPrefix(prefix);
  await database?.destroy();
});

async function batchesOn(keyPrefix: string): Promise<RequestActivityBatch[]> {
  const entries = await redis.xrange(requestActivityStreamKey(keyPrefix), "-", "+");
  return entries.map(([, fields]) => requestActivityBatchSchema.parse(JSON.parse(fields[1] ?? "")));
}

describe("request activity through a service's server", () => {
  it("counts signed-in users' requests per organization and procedure, and appends them as one batch on close", async () => {
    const keyPrefix = `${prefix}served:`;
    const server = createServiceServer({
      name: "auth",
      db: database.db,
      redis,
      logger,
      router: kitRouter,
      authenticators: {
        accessToken: async (token) => {
          if (token === "alice") return { kind: "user", userId: ALICE, sessionId: ALICE, aal: "aal1" };
          throw new Error("not a token");
        },
        apiToken: async () => ({
          kind: "api_token",
          userId: BOB,
          tokenId: BOB,
          scopes: ["*:read"],
          organizationId: BOUND_ORGANIZATION,
          aal: "aal1",
        }),
      },
      bodyLimit: "1kb",
      shutdownTimeoutMs: 1_000,
      activity: { keyPrefix },
      configureRoutes: (app, createContext) => {
        app.get("/plain", async (req, res) => {
          await createContext(req, res);
          res.json({ ok: true });
        });
      },
    });
    const { url } = await server.listen(0, "127.0.0.1");
    const call = async (path: string, headers: Record<string, string> = {}) =>
      (await fetch(`${url}${path}`, { headers: { "user-agent": "activity-test/1", ...headers } })).arrayBuffer();

    const asAlice = { authorization: "Bearer alice", "x-organization-id": ORGANIZATION };
    await call("/trpc/kit.whoami", asAlice);
    await call("/trpc/kit.ping,kit.whoami?batch=1", asAlice);
    await call("/trpc/kit.ping", { authorization: "Bearer alice" });
    await call("/plain", { authorization: "Bearer cst_anything" });
    await call("/trpc/kit.ping");
    await call("/trpc/kit.whoami", { authorization: "Bearer forged" });
    await server.close();

    const batches = await batchesOn(keyPrefix);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.service).toBe("auth");
    const entries = batches[0]?.entries ?? [];
    expect(entries).toHaveLength(3);
    expect(entries).toContainEqual(
      expect.objectContaining({
        userId: ALICE,
        organizationId: ORGANIZATION,
        requests: 2,
        procedures: { "kit.whoami": 2, "kit.ping": 1 },
        ipAddress: "127.0.0.1",
        userAgent: "activity-test/1",
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ userId: ALICE, organizationId: null, requests: 1, procedures: { "kit.ping": 1 } }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ userId: BOB, organizationId: BOUND_ORGANIZATION, procedures: { "/plain": 1 } }),
    );
  });
});

describe("the request activity recorder", () => {
  const context = (userId: string): RequestContext => ({
    db: database.db,
    redis,
    logger,
    requestId: "request",
    principal: { kind: "user", userId, sessionId: userId, aal: "aal1" },
    requestedOrganizationId: null,
    ip: "192.0.2.10",
    userAgent: null,
  });
  const request = () => {
    const req = new IncomingMessage(new Socket());
    return { req, res: new ServerResponse(req) };
  };

  it("keeps a batch whose append failed and appends it once Redis answers, without throwing", async () => {
    const keyPrefix = `${prefix}offline:`;
    const offline = new Redis(configuredRedisUrl(), { lazyConnect: true, enableOfflineQueue: false });
    const recorder = createRequestActivityRecorder({ keyPrefix, service: "org", redis: offline, logger });
    try {
      const { req, res } = request();
      await recorder.noteCallers(async () => context(ALICE))(req, res);
      recorder.count(res, ["org.teams.list"]);

      await expect(recorder.flush()).resolves.toBeUndefined();
      expect(await batchesOn(keyPrefix)).toEqual([]);

      // The failed append started connecting; the next one goes out once the connection is ready.
      if (offline.status !== "ready") await new Promise((resolve) => offline.once("ready", resolve));
      const next = request();
      await recorder.noteCallers(async () => context(BOB))(next.req, next.res);
      recorder.count(next.res, ["org.teams.list"]);
      await recorder.stop();

      const batches = await batchesOn(keyPrefix);
      expect(batches.map((batch) => batch.entries.map((entry) => entry.userId))).toEqual([[ALICE], [BOB]]);
      expect(new Set(batches.map((batch) => batch.batchId)).size).toBe(2);
    } finally {
      offline.disconnect();
    }
  });

  it("counts nothing for a request whose caller it never saw, nor for another service's call", async () => {
    const keyPrefix = `${prefix}unseen:`;
    const recorder = createRequestActivityRecorder({ keyPrefix, service: "vector", redis, logger });
    recorder.count(request().res, ["vector.search"]);
    const fromLore = request();
    const serviceCall: RequestContext = {
      ...context(ALICE),
      principal: {
        kind: "service",
        service: "lore",
        grants: ["vector:read"],
        organizationId: ORGANIZATION,
        actingUserId: ALICE,
        aal: "aal1",
      },
    };
    await recorder.noteCallers(async () => serviceCall)(fromLore.req, fromLore.res);
    recorder.count(fromLore.res, ["vector.search"]);
    await recorder.stop();
    expect(await batchesOn(keyPrefix)).toEqual([]);
  });
});
