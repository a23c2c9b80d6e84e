import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protectedProcedure, publicProcedure, router } from "../trpc";
import { createServiceServer, type ServiceServer } from "./create-service-server";

const USER = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const kitRouter = router({
  kit: router({
    ping: publicProcedure.query(() => "pong"),
    whoami: protectedProcedure.query(({ ctx }) => ctx.principal.kind),
  }),
});

let database: TestDatabase;
let redis: Redis;
let server: ServiceServer;
let url: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redis = new Redis({ lazyConnect: true });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = createServiceServer({
    name: "auth",
    db: database.db,
    redis,
    logger: pino({ level: "info" }, sink),
    router: kitRouter,
    authenticators: {
      accessToken: (token) =>
        token === "good"
          ? Promise.resolve({ kind: "user", userId: USER, sessionId: USER, aal: "aal1" })
          : Promise.reject(new Error("not a token")),
    },
    bodyLimit: "1kb",
    shutdownTimeoutMs: 1_000,
  });
  ({ url } = await server.listen(0, "127.0.0.1"));
});

afterAll(async () => {
  await server?.close();
  redis?.disconnect();
  await database?.destroy();
});

async function accessLogLineOf(path: string, headers: Record<string, string> = {}) {
  const requestId = `access-log-${lines.length}-${Date.now()}`;
  const response = await fetch(`${url}${path}`, { headers: { "x-request-id": requestId, ...headers } });
  await response.arrayBuffer();
  for (let waited = 0; waited < 100 && !lines.some((line) => line.requestId === requestId); waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(response.headers.get("x-request-id")).toBe(requestId);
  return lines.filter((line) => line.requestId === requestId && line.msg === "request");
}

describe("the access log", () => {
  it("writes one line per tRPC request naming its procedure, status and signed-in caller", async () => {
    const logged = await accessLogLineOf("/trpc/kit.whoami", { authorization: "Bearer good" });
    expect(logged).toEqual([
      expect.objectContaining({ method: "GET", route: "kit.whoami", status: 200, principal: `user:${USER}` }),
    ]);
  });

  it("names an anonymous caller, a refused token and a plain route as the log always has", async () => {
    expect(await accessLogLineOf("/trpc/kit.ping")).toEqual([
      expect.objectContaining({ route: "kit.ping", status: 200, principal: "anonymous" }),
    ]);
    expect(await accessLogLineOf("/trpc/kit.whoami", { authorization: "Bearer forged" })).toEqual([
      expect.objectContaining({ route: "kit.whoami", status: 401, principal: "anonymous" }),
    ]);
    expect(await accessLogLineOf("/healthz")).toEqual([expect.objectContaining({ route: "/healthz", status: 200 })]);
    expect(await accessLogLineOf("/nowhere?token=secret")).toEqual([
      expect.objectContaining({ route: "unmatched", path: "/nowhere", status: 404 }),
    ]);
  });
});
