import { randomBytes } from "node:crypto";
import { configuredRedisUrl } from "@cauldron/config";
import { Redis } from "ioredis";

/** A key prefix (`test:<random>:`) that keeps one test file's Redis keys apart from every other's. */
export function createTestRedisPrefix(): string {
  return `test:${randomBytes(6).toString("hex")}:`;
}

/** Deletes every key under a test prefix; call it when the test file is done. */
export async function clearTestRedisPrefix(prefix: string, url = configuredRedisUrl()): Promise<void> {
  if (!prefix.startsWith("test:")) throw new Error(`refusing to clear keys outside test:* (got ${prefix})`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
