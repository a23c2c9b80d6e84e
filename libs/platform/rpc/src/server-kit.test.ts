import { createTestDatabase, failureOf, startTestService, type TestService } from "@cauldron/testing";
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { signServiceToken } from "./auth/service-token";
import { CALLER_SCOPE } from "./permissions/procedure-scope";
import { defineService } from "./service-definition";
import { organizationProcedure, permittedProcedure, protectedProcedure, publicProcedure, router } from "./trpc";

let releaseSlowRequest: () => void = () => {};

const kitService = defineService({
  name: "auth",
  createRouter: () =>
    router({
      kit: router({
        echo: publicProcedure
          .input(z.object({ title: z.string().min(3), tags: z.array(z.string().max(5)).max(3) }))
          .mutation(({ input }) => input),
        explode: publicProcedure.query(() => {
          throw new Error("select secret from internal_table -- connection details");
        }),
        badCast: publicProcedure.query(async ({ ctx }) => {
          await sql`select 'not-a-uuid'::uuid`.execute(ctx.db);
          return "unreachable";
        }),
        whoAmI: protectedProcedure.meta({ scope: CALLER_SCOPE }).query(({ ctx }) => ctx.principal),
        inOrganization: organizationProcedure.query(({ ctx }) => ctx.organizationId),
        needsRolesManage: permittedProcedure("roles:manage").query(() => "allowed"),
        slow: publicProcedure.query(
          () => new Promise<string>((resolve) => (releaseSlowRequest = () => resolve("finished"))),
        ),
        ticks: publicProcedure.subscription(async function* (opts) {
          yield "first";
          await new Promise((resolve) => opts.signal?.addEventListener("abort", resolve));
        }),
      }),
    }),
});

let service: TestService<ReturnType<typeof kitService.createRouter>>;
let destroyDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase();
  destroyDatabase = database.destroy;
  service = await startTestService(kitService, { db: database.db, bodyLimit: "2kb" });
});

afterAll(async () => {
  await service?.close();
  await destroyDatabase?.();
});

describe("server kit", () => {
  it("answers a valid call through the typed client", async () => {
    const echoed = await service.client().kit.echo.mutate({ title: "hello", tags: ["a"] });
    expect(echoed).toEqual({ title: "hello", tags: ["a"] });
  });

  it("rejects bad input with BAD_REQUEST and messages per field path", async () => {
    const error = await failureOf(service.client().kit.echo.mutate({ title: "x", tags: ["toolong"] }));
    expect(error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(Object.keys(error.data.fieldErrors ?? {}).sort()).toEqual(["tags.0", "title"]);
    expect(error.message).toContain("title");
  });

  it("hides internal errors behind a request id and never leaks their text", async () => {
    const error = await failureOf(service.client({ headers: { "x-request-id": "trace-123" } }).kit.explode.query());
    expect(error.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId: "trace-123" });
    expect(error.message).not.toContain("internal_table");
    expect(JSON.stringify(error.shape)).not.toMatch(/stack|internal_table/);
  });

  it("turns a database error the caller caused into BAD_REQUEST without SQL", async () => {
    const error = await failureOf(service.client().kit.badCast.query());
    expect(error.data).toMatchObject({ code: "BAD_REQUEST" });
    expect(error.message).not.toMatch(/select|uuid/i);
  });

  it("asks anonymous callers to sign in and rejects forged tokens", async () => {
    expect((await failureOf(service.client().kit.whoAmI.query())).data).toMatchObject({ code: "UNAUTHORIZED" });
    const forged = await failureOf(service.client({ token: "eyJhbGciOiJFZERTQSJ9.e30.c2ln" }).kit.whoAmI.query());
    expect(forged.data).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("accepts an access token signed by a published key and rejects an expired one", async () => {
    const userId = randomUUID();
    const token = await service.signer.issueAccessToken({ userId, aal: "aal2" });
    expect(await service.client({ token }).kit.whoAmI.query()).toMatchObject({ kind: "user", userId, aal: "aal2" });
    const expired = await service.signer.issueAccessToken({ userId, expiresInSeconds: -60 });
    expect((await failureOf(service.client({ token: expired }).kit.whoAmI.query())).data).toMatchObject({
      code: "UNAUTHORIZED",
    });
    const wrongAudience = await service.signer.issueAccessToken({ userId, audience: "someone-else" });
    expect((await failureOf(service.client({ token: wrongAudience }).kit.whoAmI.query())).data).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("accepts service tokens signed with the internal secret", async () => {
    const call = { caller: "lore", audience: "auth", scope: ["documents:read"] };
    const token = await signServiceToken({ ...call, secret: "test-service-token-secret-0123456789abcdef" });
    expect(await service.client({ token }).kit.whoAmI.query()).toEqual({
      kind: "service",
      service: "lore",
      grants: ["documents:read"],
      organizationId: null,
      actingUserId: null,
      aal: "aal1",
    });
    const forged = await signServiceToken({ ...call, secret: "another-secret-that-is-long-enough-000000" });
    expect((await failureOf(service.client({ token: forged }).kit.whoAmI.query())).data).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("requires an organization and membership in it for organization procedures", async () => {
    const token = await service.signer.issueAccessToken({ userId: randomUUID() });
    const missing = await failureOf(service.client({ token }).kit.inOrganization.query());
    expect(missing.data).toMatchObject({ code: "BAD_REQUEST" });
    const malformed = await failureOf(service.client({ token, organizationId: "nope" }).kit.inOrganization.query());
    expect(malformed.data).toMatchObject({ code: "BAD_REQUEST" });
    const stranger = await failureOf(
      service.client({ token, organizationId: randomUUID() }).kit.needsRolesManage.query(),
    );
    expect(stranger.data).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses bodies over the configured limit with PAYLOAD_TOO_LARGE", async () => {
    const error = await failureOf(service.client().kit.echo.mutate({ title: "x".repeat(4_000), tags: [] }));
    expect(error.data).toMatchObject({ httpStatus: 413 });
  });

  it("serves liveness, readiness and per-procedure metrics", async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { postgres: { ok: true }, redis: { ok: true } } });
    await service.client().kit.echo.mutate({ title: "metric", tags: [] });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/cauldron_rpc_requests_total\{[^}]*procedure="kit\.echo"[^}]*status="200"/);
    expect(metrics).toContain("cauldron_rpc_request_duration_seconds_bucket");
  });

  it("labels unknown procedures as unknown so metrics stay bounded", async () => {
    await fetch(`${service.url}/trpc/no.such.procedure${randomUUID()}`);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/procedure="unknown"/);
    expect(metrics).not.toContain("no.such.procedure");
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, then refuses new connections", async () => {
    const database = await createTestDatabase();
    const shuttingDown = await startTestService(kitService, { db: database.db });
    try {
      const inFlight = shuttingDown.client().kit.slow.query();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closed = shuttingDown.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      releaseSlowRequest();
      await expect(inFlight).resolves.toBe("finished");
      await closed;
      await expect(fetch(`${shuttingDown.url}/healthz`)).rejects.toThrow();
    } finally {
      await database.destroy();
    }
  });

  it("cuts open event streams at once, so their clients resume elsewhere, while requests finish", async () => {
    const database = await createTestDatabase();
    const shuttingDown = await startTestService(kitService, { db: database.db });
    try {
      const stream = await fetch(`${shuttingDown.url}/trpc/kit.ticks`);
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("first");
      const inFlight = shuttingDown.client().kit.slow.query();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closed = shuttingDown.close();
      const streamEnd = await reader.read().then(
        (chunk) => (chunk.done ? "ended" : "more data"),
        () => "cut",
      );
      expect(streamEnd).toBe("cut");
      releaseSlowRequest();
      await expect(inFlight).resolves.toBe("finished");
      await closed;
    } finally {
      await database.destroy();
    }
  });
});
