import { createTestDatabase, startTestService, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineService } from "../service-definition";
import { createServiceServer } from "./create-service-server";
import { publicProcedure, router } from "../trpc";

// The client address is what per-address rate limits (sign-in, sign-up) and audit rows key on.
const kitRouter = router({ kit: router({ clientAddress: publicProcedure.query(({ ctx }) => ctx.ip) }) });
const kitService = defineService({ name: "auth", createRouter: () => kitRouter });

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function clientAddressSeenBy(env: Record<string, string>, forwardedFor: string): Promise<string | null> {
  const service = await startTestService(kitService, { db: database.db, env });
  try {
    return await service.client({ headers: { "x-forwarded-for": forwardedFor } }).kit.clientAddress.query();
  } finally {
    await service.close();
  }
}

describe("the client address behind proxies", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const address = await clientAddressSeenBy({ TRUSTED_PROXIES: "10.0.0.0/8" }, "203.0.113.9");
    expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("believes X-Forwarded-For from a trusted proxy (loopback by default)", async () => {
    expect(await clientAddressSeenBy({}, "203.0.113.9")).toBe("203.0.113.9");
  });

  it("never takes a forwarded value that is not an address as the client address", async () => {
    expect(await clientAddressSeenBy({}, "not-an-address")).toBeNull();
  });

  it("trusts no private or link-local peer unless configured to", () => {
    const server = createServiceServer({
      name: "auth",
      db: database.db,
      redis: new Redis({ lazyConnect: true }),
      logger: pino({ level: "silent" }),
      router: kitRouter,
      authenticators: { accessToken: () => Promise.reject(new Error("no tokens here")) },
      bodyLimit: "1kb",
      shutdownTimeoutMs: 1_000,
    });
    const trusts = server.app.get("trust proxy fn") as (address: string, hop: number) => boolean;
    expect(trusts("127.0.0.1", 0)).toBe(true);
    for (const peer of ["10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.0.1", "fd00::1", "fe80::1"]) {
      expect(trusts(peer, 0), peer).toBe(false);
    }
  });
});
