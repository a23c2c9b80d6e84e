import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { clearTestRedisPrefix, createTestRedisPrefix } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { StorageHttpError } from "../http-kit/storage-errors";
import { withUploadLock } from "./upload-lock";

const prefix = createTestRedisPrefix();
const redis = new Redis(loadConfig(platformEnvSchema).REDIS_URL, { maxRetriesPerRequest: 1 });

afterAll(async () => {
  redis.disconnect();
  await clearTestRedisPrefix(prefix);
});

describe("the upload writer lock", () => {
  it("runs the work while holding the lock, and lets go of it afterwards", async () => {
    const key = `${prefix}storage:upload-lock:one`;
    const held = await withUploadLock({ redis, keyPrefix: prefix }, "one", async () => redis.exists(key));
    expect(held).toBe(1);
    expect(await redis.exists(key)).toBe(0);
  });

  it("answers 503, which clients retry, when Redis cannot be reached, without running the work", async () => {
    const offline = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    offline.on("error", () => undefined);
    let ran = false;
    const attempt = withUploadLock({ redis: offline, keyPrefix: prefix }, "two", async () => {
      ran = true;
    });
    await expect(attempt).rejects.toBeInstanceOf(StorageHttpError);
    await expect(attempt).rejects.toMatchObject({ status: 503, code: "ServiceUnavailable" });
    expect(ran).toBe(false);
    offline.disconnect();
  });
});
