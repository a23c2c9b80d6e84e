import {
  createTestDatabase,
  errorCodeOf,
  HOSTILE_HTTP_ENV,
  sendRawRequest,
  SERVER_KIT_HOSTILE_CASES,
  startTestService,
  type HostileCase,
  type HostileTarget,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import express from "express";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rateLimitedError } from "../errors/refusal";
import { defineService } from "../service-definition";
import { protectedProcedure, publicProcedure, router } from "../trpc";

const kitService = defineService({
  name: "auth",
  configureRoutes: (app) => {
    app.get("/files/:name", (req, res) => {
      res.json({ name: req.params.name });
    });
    app.post("/notes", express.json({ limit: "1kb" }), (_req, res) => {
      res.json({ saved: true });
    });
    app.get("/broken", () => {
      throw new Error("select secret from vault -- internal detail");
    });
    app.get("/limited", () => {
      throw rateLimitedError("Too many notes", 30);
    });
  },
  createRouter: () =>
    router({
      kit: router({
        ping: publicProcedure.query(() => "pong"),
        // Serializes any JSON as a jsonb write would: deep, cyclic or reference-bomb inputs would throw or never end.
        keep: protectedProcedure.input(z.unknown()).mutation(({ input }) => JSON.stringify(input).length),
      }),
    }),
});

// The kit's own plain routes: whatever their parsers throw must end as a typed reply.
const KIT_ROUTE_CASES: HostileCase[] = [
  {
    name: "a malformed percent-escape in a route parameter",
    request: () => ({ path: "/files/%ZZ" }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a malformed JSON body on a plain route",
    request: () => ({ method: "POST", path: "/notes", headers: [["content-type", "application/json"]], body: '{"a":' }),
    expect: { status: 400, code: "BAD_REQUEST" },
  },
  {
    name: "a body over a plain route's limit",
    request: () => ({
      method: "POST",
      path: "/notes",
      headers: [["content-type", "application/json"]],
      body: JSON.stringify({ text: "x".repeat(2_000) }),
    }),
    expect: { status: 413, code: "PAYLOAD_TOO_LARGE" },
  },
];

let database: TestDatabase;
let service: TestService<ReturnType<typeof kitService.createRouter>>;
let target: HostileTarget;

beforeAll(async () => {
  database = await createTestDatabase();
  service = await startTestService(kitService, { db: database.db, env: HOSTILE_HTTP_ENV });
  target = {
    url: service.url,
    query: "kit.ping",
    mutation: "kit.keep",
    token: await service.signer.issueAccessToken({ userId: randomUUID() }),
    organizationId: randomUUID(),
  };
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

describe("hostile HTTP against the server kit", () => {
  it.each([...SERVER_KIT_HOSTILE_CASES, ...KIT_ROUTE_CASES])(
    "answers $name with a typed $expect.status",
    async (hostile) => {
      const response = await sendRawRequest(target.url, hostile.request(target));
      expect({ status: response.status, code: errorCodeOf(response) }).toEqual(hostile.expect);
    },
  );

  it("answers a plain route's unexpected failure with a typed 500 that names only the request id", async () => {
    const response = await sendRawRequest(target.url, { path: "/broken", headers: [["x-request-id", "broken-1"]] });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: "INTERNAL_SERVER_ERROR",
        message: "Internal server error; quote the request id when reporting it",
        requestId: "broken-1",
      },
    });
  });

  it("carries a refusal's reason and wait as data in a plain route's error", async () => {
    const response = await sendRawRequest(target.url, { path: "/limited" });
    expect(response.status).toBe(429);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: "TOO_MANY_REQUESTS", reason: "rate_limited", retryAfterSeconds: 30 },
    });
  });

  it("refuses an oversized batch with a message that says how to fix it", async () => {
    const response = await sendRawRequest(target.url, {
      path: `/trpc/${Array(51).fill("kit.ping").join(",")}?batch=1`,
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain("at most 50 calls");
  });

  it("keeps answering other clients while one sends its body a byte at a time", async () => {
    const slow = sendRawRequest(target.url, {
      method: "POST",
      path: "/trpc/kit.keep",
      headers: [
        ["content-type", "application/json"],
        ["authorization", `Bearer ${target.token}`],
      ],
      body: `{"json":"${"s".repeat(500)}"}`,
      trickle: { from: "body", everyMs: 100 },
    });
    expect(await service.client().kit.ping.query()).toBe("pong");
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200);
    expect(await slow).toMatchObject({ status: 408 });
  });

  it("still answers /healthz and a real procedure after every case", async () => {
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200);
    expect(await service.client().kit.ping.query()).toBe("pong");
    expect(await service.client({ token: target.token }).kit.keep.mutate({ nested: [[["fine"]]] })).toBe(23);
  });
});
