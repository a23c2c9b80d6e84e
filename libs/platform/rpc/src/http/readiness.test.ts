import { createDatabase } from "@cauldron/db";
import { createTestDatabase, startTestService, type TestDatabase } from "@cauldron/testing";
import { pino } from "pino";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";

const kitService = defineService({
  name: "auth",
  createRouter: () => router({ kit: router({ ping: publicProcedure.query(() => "pong") }) }),
});

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("/readyz", () => {
  it("answers booleans only when a dependency fails, and logs the failure with the request id", async () => {
    const missing = new URL(database.appUrl);
    missing.pathname = "/no_such_database_for_readiness";
    const brokenDb = createDatabase({ url: missing.toString(), poolMax: 1 });
    const { logger, lines } = capturingLogger();
    const service = await startTestService(kitService, { db: brokenDb, logger });
    try {
      const response = await fetch(`${service.url}/readyz`, { headers: { "x-request-id": "ready-probe-1" } });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ ready: false, checks: { postgres: { ok: false }, redis: { ok: true } } });
      expect(text).not.toMatch(/no_such_database|does not exist|error/i);
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: "readiness check failed", check: "postgres", requestId: "ready-probe-1" }),
      );
    } finally {
      await service.close();
      await brokenDb.destroy();
    }
  });

  it("stays ready while Redis is unreachable, reporting it, so a shared Redis blip empties no Service", async () => {
    const { logger, lines } = capturingLogger();
    const service = await startTestService(kitService, { db: database.db, logger, redisUrl: "redis://127.0.0.1:1" });
    try {
      const response = await fetch(`${service.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ready: true, checks: { postgres: { ok: true }, redis: { ok: false } } });
      expect(lines).toContainEqual(expect.objectContaining({ msg: "readiness check failed", check: "redis" }));
    } finally {
      await service.close();
    }
  });
});
