import { createServer } from "node:net";
import { configuredRedisUrl } from "@cauldron/config";
import { clearTestRedisPrefix, createTestRedisPrefix } from "@cauldron/testing";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefusalError } from "../errors/refusal";
import { createRateLimiter, type RateLimit, type RateLimiter } from "./rate-limiter";

const prefix = createTestRedisPrefix();
const logger = pino({ level: "silent" });
let redis: Redis;
let limiter: RateLimiter;
let subjects = 0;

/** A limit no other test shares, so each test starts from zero. */
function freshLimit(max: number, windowSeconds = 600): RateLimit {
  subjects += 1;
  return { bucket: `test-${subjects}`, max, windowSeconds };
}

async function allowedCount(attempts: Promise<{ allowed: boolean }>[]): Promise<number> {
  return (await Promise.all(attempts)).filter((decision) => decision.allowed).length;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(() => {
  redis = new Redis(configuredRedisUrl());
  limiter = createRateLimiter({ redis, keyPrefix: prefix, logger });
});

afterAll(async () => {
  redis.disconnect();
  await clearTestRedisPrefix(prefix);
});

describe("rate limiter", () => {
  it("lets exactly the limit through when 30 attempts arrive at once", async () => {
    const limit = freshLimit(5);
    const attempts = Array.from({ length: 30 }, () => limiter.consume([{ limit, key: "ada@example.test" }]));
    expect(await allowedCount(attempts)).toBe(5);
  });

  it("counts nothing for a refused attempt, so refusals do not use up what a release gives back", async () => {
    const limit = freshLimit(2);
    const check = { limit, key: "203.0.113.9" };
    await limiter.consume([check]);
    await limiter.consume([check]);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await limiter.consume([check])).allowed).toBe(false);
    await limiter.release([check]);
    expect((await limiter.consume([check])).allowed).toBe(true);
    expect((await limiter.consume([check])).allowed).toBe(false);
  });

  it("decides on every check together: a refusal by one counts against none of the others", async () => {
    const wide = freshLimit(10);
    const narrow = freshLimit(2);
    const both = [
      { limit: wide, key: "client" },
      { limit: narrow, key: "account" },
    ];
    expect(await allowedCount(Array.from({ length: 8 }, () => limiter.consume(both)))).toBe(2);
    expect(
      await allowedCount(Array.from({ length: 20 }, () => limiter.consume([{ limit: wide, key: "client" }]))),
    ).toBe(8);
  });

  it("keeps subjects apart and treats letter case as the same subject", async () => {
    const limit = freshLimit(1);
    expect((await limiter.consume([{ limit, key: "Grace@Example.test" }])).allowed).toBe(true);
    expect((await limiter.consume([{ limit, key: "grace@example.test" }])).allowed).toBe(false);
    expect((await limiter.consume([{ limit, key: "linus@example.test" }])).allowed).toBe(true);
  });

  it("forgets a subject's attempts on reset", async () => {
    const limit = freshLimit(1);
    const check = { limit, key: "reset-me" };
    await limiter.consume([check]);
    expect((await limiter.consume([check])).allowed).toBe(false);
    await limiter.reset(check);
    expect((await limiter.consume([check])).allowed).toBe(true);
  });

  it("refuses with TOO_MANY_REQUESTS carrying reason rate_limited and the seconds left in the window", async () => {
    const limit = freshLimit(1, 900);
    const check = { limit, key: "enforced" };
    await limiter.enforce([check], "Too many attempts");
    const refusal = await limiter.enforce([check], "Too many attempts").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RefusalError);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "rate_limited" });
    const retryAfter = (refusal as RefusalError).retryAfterSeconds ?? 0;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("stores subjects only as hashes, under the one hash tag that lets a script touch several keys in a cluster", async () => {
    const limit = freshLimit(3);
    await limiter.consume([{ limit, key: "private@example.test" }]);
    const keys = await redis.keys(`${prefix}*${limit.bucket}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}\\{rate-limit\\}:${limit.bucket}:[0-9a-f]{64}$`));
    expect(keys[0]).not.toContain("private");
  });
});

describe("rate limiter without Redis", () => {
  let unreachable: Redis;
  let fallback: RateLimiter;

  beforeAll(async () => {
    unreachable = new Redis(`redis://127.0.0.1:${await closedPort()}`, {
      maxRetriesPerRequest: 1,
      retryStrategy: () => 50,
    });
    unreachable.on("error", () => undefined);
    fallback = createRateLimiter({ redis: unreachable, keyPrefix: prefix, logger });
  });

  afterAll(() => {
    unreachable.disconnect();
  });

  it("still lets only the limit through, counting in memory", async () => {
    const limit = freshLimit(5);
    const attempts = Array.from({ length: 30 }, () => fallback.consume([{ limit, key: "ada@example.test" }]));
    expect(await allowedCount(attempts)).toBe(5);
    const refusal = await fallback
      .enforce([{ limit, key: "ada@example.test" }], "Too many attempts")
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "rate_limited" });
  });

  it("gives back and forgets attempts in memory too", async () => {
    const limit = freshLimit(1);
    const check = { limit, key: "memory" };
    await fallback.consume([check]);
    expect((await fallback.consume([check])).allowed).toBe(false);
    await fallback.release([check]);
    expect((await fallback.consume([check])).allowed).toBe(true);
    await fallback.reset(check);
    expect((await fallback.consume([check])).allowed).toBe(true);
  });
});
