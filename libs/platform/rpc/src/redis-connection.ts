import { Redis } from "ioredis";

/**
 * The service's Redis connection. Commands issued in the same tick (a request's rate-limit and
 * revocation checks, and those of every other request in flight) leave in one write: on a busy
 * service the socket writes, not Redis, are the cost. Blocking readers duplicate it and get a
 * connection of their own.
 */
export function createRedisConnection(url: string, options: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 2,
    lazyConnect: options.lazyConnect ?? false,
    enableAutoPipelining: true,
  });
}
