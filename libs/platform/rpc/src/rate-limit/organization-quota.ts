import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { RefusalError } from "../errors/refusal";
import { createRateLimiter, type RateLimit } from "./rate-limiter";

/** A budget of costly work (embedding calls, ingests, imports) each organization gets per window. */
export interface OrganizationQuota {
  /** Names the counter, e.g. "embeddings"; quotas with different names never share counts. */
  name: string;
  /** Units of work one organization may use per window. */
  max: number;
  windowSeconds: number;
}

export interface OrganizationQuotasOptions {
  redis: Redis;
  /** The service's Redis key prefix (ServiceDependencies.redisKeyPrefix). */
  keyPrefix: string;
  logger: Logger;
}

/** Counts costly work per organization; see createOrganizationQuotas. */
export interface OrganizationQuotas {
  /**
   * Counts one unit of `quota` for the organization before the work runs, or throws
   * TOO_MANY_REQUESTS with `reason: "quota_exceeded"` and `retryAfterSeconds` when it is used up.
   */
  enforce(quota: OrganizationQuota, organizationId: string): Promise<void>;
  /** Gives the unit back, for work that did not happen after all (it failed before doing anything costly). */
  release(quota: OrganizationQuota, organizationId: string): Promise<void>;
}

function asRateLimit(quota: OrganizationQuota): RateLimit {
  return { bucket: `quota:${quota.name}`, max: quota.max, windowSeconds: quota.windowSeconds };
}

/**
 * Per-organization quotas on the rate limiter's counters: fixed windows in Redis shared by every
 * replica, counted atomically before the work (so parallel calls cannot overshoot), kept in the
 * process's memory while Redis is unreachable.
 */
export function createOrganizationQuotas(options: OrganizationQuotasOptions): OrganizationQuotas {
  const limiter = createRateLimiter(options);
  return {
    async enforce(quota, organizationId) {
      const decision = await limiter.consume([{ limit: asRateLimit(quota), key: organizationId }]);
      if (decision.allowed) return;
      throw new RefusalError({
        code: "TOO_MANY_REQUESTS",
        message: `This organization has used its ${quota.name} quota of ${quota.max} per ${quota.windowSeconds} seconds; retry after ${decision.retryAfterSeconds} seconds or ask an operator to raise it`,
        reason: "quota_exceeded",
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    },
    async release(quota, organizationId) {
      await limiter.release([{ limit: asRateLimit(quota), key: organizationId }]);
    },
  };
}
