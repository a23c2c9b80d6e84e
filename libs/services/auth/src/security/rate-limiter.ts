import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** A counted limit: at most `max` hits per `windowSeconds`, counted from the first hit. */
export interface RateLimit {
  bucket: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every replica. When Redis is unreachable the limiter
 * lets requests through (and logs): argon2 still makes each guess expensive, and an outage of the
 * cache should not lock every user out.
 */
export interface RateLimiter {
  /** Throws TOO_MANY_REQUESTS ("…; retry after N seconds") when any of the limits is used up. */
  assertAllowed(checks: readonly { limit: RateLimit; key: string }[], message: string): Promise<void>;
  /** Counts one hit against each limit. */
  hit(checks: readonly { limit: RateLimit; key: string }[]): Promise<void>;
  /** Forgets the hits of one key (e.g. the account's failures after a successful sign-in). */
  clear(limit: RateLimit, key: string): Promise<void>;
}

/** Builds the limiter over Redis keys `<prefix>auth:limit:<bucket>:<sha256(key)>`. */
export function createRateLimiter(redis: Redis, prefix: string, logger: Logger): RateLimiter {
  // Keys are hashed so emails and addresses never sit in Redis in clear text.
  const redisKey = (limit: RateLimit, key: string) =>
    `${prefix}auth:limit:${limit.bucket}:${createHash("sha256").update(key.toLowerCase()).digest("hex")}`;

  return {
    async assertAllowed(checks, message) {
      if (checks.length === 0) return;
      let replies: [Error | null, unknown][] | null;
      try {
        const batch = redis.multi();
        for (const check of checks) batch.get(redisKey(check.limit, check.key)).ttl(redisKey(check.limit, check.key));
        replies = await batch.exec();
      } catch (error) {
        logger.warn({ err: error }, "rate limits unavailable; allowing the request");
        return;
      }
      if (!replies) return;
      let retryAfter = 0;
      checks.forEach((check, index) => {
        const count = Number(replies[index * 2]?.[1] ?? 0);
        const ttl = Number(replies[index * 2 + 1]?.[1] ?? -1);
        if (count >= check.limit.max) retryAfter = Math.max(retryAfter, ttl > 0 ? ttl : check.limit.windowSeconds);
      });
      if (retryAfter > 0) {
        throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `${message}; retry after ${retryAfter} seconds` });
      }
    },
    async hit(checks) {
      if (checks.length === 0) return;
      const batch = redis.multi();
      for (const check of checks) {
        const key = redisKey(check.limit, check.key);
        batch.incr(key).expire(key, check.limit.windowSeconds, "NX");
      }
      await batch.exec().catch((error: unknown) => logger.warn({ err: error }, "could not count a rate-limited attempt"));
    },
    async clear(limit, key) {
      await redis.del(redisKey(limit, key)).catch((error: unknown) => logger.warn({ err: error }, "could not clear a rate limit"));
    },
  };
}
