import { randomUUID } from "node:crypto";
import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { clearTestRedisPrefix, createTestDatabase, createTestRedisPrefix, type TestDatabase } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationList, MAX_ACCESS_TOKEN_TTL_SECONDS } from "./session-revocation";

let database: TestDatabase;
let redis: Redis;
const prefix = createTestRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase();
  redis = new Redis(loadConfig(platformEnvSchema).REDIS_URL);
  await new Promise((resolve) => redis.once("ready", resolve));
});

afterAll(async () => {
  redis?.disconnect();
  await database?.destroy();
  await clearTestRedisPrefix(prefix);
});

async function userWithSession(revoked: boolean, disabled = false) {
  const user = await database.ownerDb
    .insertInto("users")
    .values({ email: `revocation-${randomUUID()}@example.test`, disabled_at: disabled ? new Date() : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sessionId = randomUUID();
  await database.ownerDb
    .insertInto("user_sessions")
    .values({
      user_id: user.id,
      family_id: sessionId,
      refresh_token_hash: randomUUID(),
      expires_at: new Date(Date.now() + 60_000),
      revoked_at: revoked ? new Date() : null,
    })
    .execute();
  return { userId: user.id, sessionId };
}

describe("revocation list", () => {
  it("answers from the database while Redis is unreachable", async () => {
    const offline = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    const revocations = createRevocationList({ db: database.db, redis: offline, keyPrefix: prefix });
    const revoked = await userWithSession(true);
    const live = await userWithSession(false);
    const disabled = await userWithSession(false, true);
    expect(await revocations.isRevoked(revoked.userId, revoked.sessionId)).toBe(true);
    expect(await revocations.isRevoked(live.userId, live.sessionId)).toBe(false);
    expect(await revocations.isRevoked(disabled.userId, disabled.sessionId)).toBe(true);
    offline.disconnect();
  });

  it("rebuilds lost markers from the database, then answers from Redis alone", async () => {
    const revocations = createRevocationList({ db: database.db, redis, keyPrefix: prefix });
    const revoked = await userWithSession(true);
    // Redis knows nothing yet (as after a restart): the database answers and the rebuild starts.
    expect(await revocations.isRevoked(revoked.userId, revoked.sessionId)).toBe(true);
    await expect.poll(() => redis.exists(`${prefix}auth:revoked:complete`)).toBe(1);
    expect(await redis.exists(`${prefix}auth:revoked:session:${revoked.sessionId}`)).toBe(1);
    // A marker for a session the database has never seen proves the answer now comes from Redis.
    const unknown = { userId: randomUUID(), sessionId: randomUUID() };
    await revocations.markSessionsRevoked([unknown.sessionId]);
    expect(await revocations.isRevoked(unknown.userId, unknown.sessionId)).toBe(true);
    expect(await revocations.isRevoked(randomUUID(), randomUUID())).toBe(false);
  });

  it("writes every session marker, marked or rebuilt, to outlive the longest access token", async () => {
    const revocations = createRevocationList({ db: database.db, redis, keyPrefix: prefix });
    const marked = randomUUID();
    await revocations.markSessionsRevoked([marked]);
    expect(await redis.ttl(`${prefix}auth:revoked:session:${marked}`)).toBeGreaterThan(MAX_ACCESS_TOKEN_TTL_SECONDS);

    const rebuilt = await userWithSession(true);
    await redis.del(`${prefix}auth:revoked:complete`);
    expect(await revocations.isRevoked(rebuilt.userId, rebuilt.sessionId)).toBe(true);
    await expect.poll(() => redis.exists(`${prefix}auth:revoked:complete`)).toBe(1);
    expect(await redis.ttl(`${prefix}auth:revoked:session:${rebuilt.sessionId}`)).toBeGreaterThan(
      MAX_ACCESS_TOKEN_TTL_SECONDS,
    );
  });

  it("clears a user's disabled marker when they are enabled again", async () => {
    const revocations = createRevocationList({ db: database.db, redis, keyPrefix: prefix });
    const userId = randomUUID();
    const sessionId = randomUUID();
    await revocations.isRevoked(userId, sessionId);
    await expect.poll(() => redis.exists(`${prefix}auth:revoked:complete`)).toBe(1);
    await revocations.markUserDisabled(userId);
    expect(await revocations.isRevoked(userId, sessionId)).toBe(true);
    await revocations.markUserEnabled(userId);
    expect(await revocations.isRevoked(userId, sessionId)).toBe(false);
  });

  it("answers lookups made together each from its own session's and user's markers", async () => {
    const revocations = createRevocationList({ db: database.db, redis, keyPrefix: prefix });
    await revocations.isRevoked(randomUUID(), randomUUID());
    await expect.poll(() => redis.exists(`${prefix}auth:revoked:complete`)).toBe(1);
    const disabledUser = randomUUID();
    await revocations.markUserDisabled(disabledUser);
    // More lookups than one Redis command carries, so several commands answer one turn's lookups.
    const lookups = Array.from({ length: 600 }, (_, index) => {
      const sessionId = randomUUID();
      const kind = (["live", "revoked session", "disabled user"] as const)[index % 3]!;
      return { kind, sessionId, userId: kind === "disabled user" ? disabledUser : randomUUID() };
    });
    await revocations.markSessionsRevoked(lookups.filter((l) => l.kind === "revoked session").map((l) => l.sessionId));
    const answers = await Promise.all(lookups.map((lookup) => revocations.isRevoked(lookup.userId, lookup.sessionId)));
    expect(answers).toEqual(lookups.map((lookup) => lookup.kind !== "live"));
  });

  it("asks the database for every lookup of a turn while the markers are incomplete", async () => {
    const revocations = createRevocationList({ db: database.db, redis, keyPrefix: prefix });
    const revoked = await userWithSession(true);
    const live = await userWithSession(false);
    const disabled = await userWithSession(false, true);
    await redis.del(`${prefix}auth:revoked:complete`);
    expect(
      await Promise.all([
        revocations.isRevoked(revoked.userId, revoked.sessionId),
        revocations.isRevoked(live.userId, live.sessionId),
        revocations.isRevoked(disabled.userId, disabled.sessionId),
      ]),
    ).toEqual([true, false, true]);
  });
});
