import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * The clients (by client key) an account has signed in from. When strangers have used up an
 * account's sign-in attempts across all clients, a client its owner signed in from before still
 * gets its own attempts, so guessing from many addresses cannot lock the owner out.
 */
export interface KnownClients {
  /** Remembers that the account signed in from this client. */
  remember(email: string, client: string): Promise<void>;
  /** Whether the account signed in from this client within the remembered period. */
  has(email: string, client: string): Promise<boolean>;
}

export interface KnownClientsOptions {
  redis: Redis;
  /** Prefix of the service's Redis keys. */
  keyPrefix: string;
  logger: Logger;
  /** How long a client stays known after its last successful sign-in. */
  ttlSeconds: number;
  /** How many of an account's most recent clients are remembered. */
  maxPerAccount: number;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Keeps each account's known clients in a Redis sorted set scored by last sign-in, holding only
 * hashes of the address and the client key. A Redis error counts the client as unknown: the
 * fallback is the per-client limits, never an open door.
 */
export function createKnownClients(options: KnownClientsOptions): KnownClients {
  const { redis, keyPrefix, logger, ttlSeconds, maxPerAccount } = options;
  const setKey = (email: string) => `${keyPrefix}known-clients:${sha256(email.trim().toLowerCase())}`;
  const member = (email: string, client: string) => sha256(`${email.trim().toLowerCase()}\n${client}`);
  return {
    async remember(email, client) {
      const key = setKey(email);
      try {
        await redis
          .multi()
          .zadd(key, Date.now(), member(email, client))
          .zremrangebyrank(key, 0, -(maxPerAccount + 1))
          .expire(key, ttlSeconds)
          .exec();
      } catch (error) {
        logger.warn({ err: error }, "could not remember a signed-in client");
      }
    },
    async has(email, client) {
      try {
        const since = await redis.zscore(setKey(email), member(email, client));
        return since !== null && Number(since) > Date.now() - ttlSeconds * 1000;
      } catch (error) {
        logger.warn({ err: error }, "could not look up a known client; counting it as unknown");
        return false;
      }
    },
  };
}
