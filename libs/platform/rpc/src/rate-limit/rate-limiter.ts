import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { rateLimitedError } from "../errors/refusal";
import { consumeCounters, releaseCounters, type CounterSpec } from "./counter-scripts";
import { createMemoryCounters } from "./memory-counters";

/** A counted limit: at most `max` attempts per `windowSeconds`, counted from the first attempt. */
export interface RateLimit {
  bucket: string;
  max: number;
  windowSeconds: number;
}

/** One limit applied to one subject, e.g. sign-in attempts of one account from one client address. */
export interface RateLimitCheck {
  limit: RateLimit;
  key: string;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters shared by every replica through Redis. An attempt is counted before the
 * work it guards, atomically with the decision, so a batch or a burst of parallel requests gets at
 * most `max` attempts through. When Redis is unreachable the counters fall back to this process's
 * memory: limits then hold per replica instead of across them, but they never disappear.
 */
export interface RateLimiter {
  /** Counts one attempt against every check, or none when any of them is used up. */
  consume(checks: readonly RateLimitCheck[]): Promise<RateLimitDecision>;
  /** Like consume, but a refusal throws TOO_MANY_REQUESTS with `reason` and `retryAfterSeconds` in its data. */
  enforce(checks: readonly RateLimitCheck[], message: string): Promise<void>;
  /** Gives one attempt back to each check, for an attempt that turned out not to count (e.g. a right password). */
  release(checks: readonly RateLimitCheck[]): Promise<void>;
  /** Forgets every attempt of one check. */
  reset(check: RateLimitCheck): Promise<void>;
}

export interface RateLimiterOptions {
  redis: Redis;
  /** Prefix of every counter's key, e.g. "cauldron:". */
  keyPrefix: string;
  logger: Logger;
  /** How long to wait for Redis before deciding from memory. */
  redisTimeoutMs?: number;
}

const FALLBACK_WARNING_INTERVAL_MS = 60_000;

/** Builds the limiter over Redis keys `<prefix>{rate-limit}:<bucket>:<sha256(key)>`. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { redis, keyPrefix, logger, redisTimeoutMs = 1_000 } = options;
  const memory = createMemoryCounters();
  let lastWarningAt = 0;

  // Subjects are hashed so emails and addresses never sit in Redis in clear text. Every counter
  // shares one hash tag, so one script may touch several of them on a Redis Cluster too.
  const counterKey = (check: RateLimitCheck) =>
    `${keyPrefix}{rate-limit}:${check.limit.bucket}:${createHash("sha256").update(check.key.toLowerCase()).digest("hex")}`;
  const specs = (checks: readonly RateLimitCheck[]): CounterSpec[] =>
    checks.map((check) => ({
      key: counterKey(check),
      max: check.limit.max,
      windowMs: check.limit.windowSeconds * 1000,
    }));

  /** Runs a Redis step; on an error or a timeout runs the memory step instead. */
  async function withFallback<T>(viaRedis: () => Promise<T>, viaMemory: () => T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${redisTimeoutMs} ms`)), redisTimeoutMs);
    });
    try {
      return await Promise.race([viaRedis(), timeout]);
    } catch (error) {
      if (Date.now() - lastWarningAt >= FALLBACK_WARNING_INTERVAL_MS) {
        lastWarningAt = Date.now();
        logger.warn({ err: error }, "rate limits unavailable in Redis; counting in this process until it answers");
      }
      return viaMemory();
    } finally {
      clearTimeout(timer);
    }
  }

  const limiter: RateLimiter = {
    async consume(checks) {
      if (checks.length === 0) return { allowed: true };
      const counters = specs(checks);
      const outcome = await withFallback(
        () => consumeCounters(redis, counters),
        () => memory.consume(counters),
      );
      return outcome.allowed
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
    },
    async enforce(checks, message) {
      const decision = await limiter.consume(checks);
      if (!decision.allowed) throw rateLimitedError(message, decision.retryAfterSeconds);
    },
    async release(checks) {
      if (checks.length === 0) return;
      const keys = specs(checks).map((counter) => counter.key);
      await withFallback(
        () => releaseCounters(redis, keys),
        () => memory.release(keys),
      );
    },
    async reset(check) {
      const key = counterKey(check);
      memory.reset(key);
      await withFallback(
        async () => void (await redis.del(key)),
        () => undefined,
      );
    },
  };
  return limiter;
}
