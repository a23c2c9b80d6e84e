import { configuredRedisUrl } from "@cauldron/config";
import { withSystem } from "@cauldron/db";
import { MAX_ACCESS_TOKEN_TTL_SECONDS, REVOCATION_RETENTION_SECONDS } from "@cauldron/rpc";
import { failureOf } from "@cauldron/testing";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";
import { deleteEndedSessions } from "./session-cleanup";

const LIFETIME_SECONDS = 24 * 3600;

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;
let redis: Redis;

beforeAll(async () => {
  harness = await startAuthHarness({ SESSION_ABSOLUTE_LIFETIME_SECONDS: String(LIFETIME_SECONDS) });
  peer = await startPeerService(harness);
  redis = new Redis(configuredRedisUrl());
});

afterAll(async () => {
  redis?.disconnect();
  await peer?.close();
  await harness?.close();
});

const longAgo = () => new Date(Date.now() - (REVOCATION_RETENTION_SECONDS + 60) * 1000);

/** Rewrites every row of a session as the owner does, to age it without waiting. */
async function ageSession(sessionId: string, values: { created_at?: Date; expires_at?: Date; revoked_at?: Date }) {
  await harness.database.ownerDb.updateTable("user_sessions").set(values).where("family_id", "=", sessionId).execute();
}

async function sessionExists(sessionId: string): Promise<boolean> {
  const row = await harness.database.ownerDb
    .selectFrom("user_sessions")
    .select("id")
    .where("family_id", "=", sessionId)
    .executeTakeFirst();
  return row !== undefined;
}

function sweep(options: { userId?: string } = {}) {
  return withSystem(harness.database.db, (trx) =>
    deleteEndedSessions(trx, { absoluteLifetimeSeconds: LIFETIME_SECONDS, ...options }),
  );
}

async function signIn(account: TestAccount) {
  return harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
}

describe("deleting ended sessions", () => {
  it("removes sessions long revoked, long expired or long past their lifetime, and keeps live and recently ended ones", async () => {
    const account = await harness.signUp("sweep");
    const live = account.session;
    const revokedLongAgo = await signIn(account);
    const revokedJustNow = await signIn(account);
    const expiredLongAgo = await signIn(account);
    const tooOld = await signIn(account);
    await harness.client().auth.refresh.mutate({ refreshToken: tooOld.refreshToken });

    await ageSession(revokedLongAgo.sessionId, { revoked_at: longAgo() });
    await harness.client(revokedJustNow.accessToken).auth.signOut.mutate();
    await ageSession(expiredLongAgo.sessionId, { expires_at: longAgo() });
    await ageSession(tooOld.sessionId, {
      created_at: new Date(Date.now() - (LIFETIME_SECONDS + REVOCATION_RETENTION_SECONDS + 60) * 1000),
    });

    expect(await sweep({ userId: account.userId })).toBe(3);
    expect(await sessionExists(live.sessionId)).toBe(true);
    expect(await sessionExists(revokedJustNow.sessionId)).toBe(true);
    for (const ended of [revokedLongAgo, expiredLongAgo, tooOld])
      expect(await sessionExists(ended.sessionId)).toBe(false);
    expect((await harness.client().auth.refresh.mutate({ refreshToken: live.refreshToken })).sessionId).toBe(
      live.sessionId,
    );
  });

  it("sweeps every user's ended sessions when called without a user", async () => {
    const first = await harness.signUp("sweep-a");
    const second = await harness.signUp("sweep-b");
    await ageSession(first.session.sessionId, { revoked_at: longAgo() });
    await ageSession(second.session.sessionId, { expires_at: longAgo() });
    expect(await sweep()).toBeGreaterThanOrEqual(2);
    expect(await sessionExists(first.session.sessionId)).toBe(false);
    expect(await sessionExists(second.session.sessionId)).toBe(false);
  });

  it("leaves a session alone while someone holds its lock", async () => {
    const account = await harness.signUp("sweep-locked");
    await ageSession(account.session.sessionId, { expires_at: longAgo() });
    const lockName = `user_session:${account.session.sessionId}`;
    const holder = await harness.database.ownerDb.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtextextended(${lockName}, 0))`.execute(connection);
      try {
        return await sweep({ userId: account.userId });
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${lockName}, 0))`.execute(connection);
      }
    });
    expect(holder).toBe(0);
    expect(await sessionExists(account.session.sessionId)).toBe(true);
    expect(await sweep({ userId: account.userId })).toBe(1);
  });

  it("clears the user's ended sessions in passing when they refresh", async () => {
    const account = await harness.signUp("sweep-on-refresh");
    const old = await signIn(account);
    await ageSession(old.sessionId, { revoked_at: longAgo() });
    await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    expect(await sessionExists(old.sessionId)).toBe(false);
  });
});

describe("revocations outlive the access tokens they cover", () => {
  it("keeps refusing a revoked session's access token on another service once the Redis markers are gone", async () => {
    const account = await harness.signUp("fallback");
    const phone = await signIn(account);
    expect(await peer.client({ token: phone.accessToken }).peer.whoAmI.query()).toMatchObject({
      userId: account.userId,
    });
    await harness.client(account.session.accessToken).auth.sessions.revoke.mutate({ sessionId: phone.sessionId });

    // As after a Redis restart: no marker and no completeness flag, so services ask the database.
    await redis.del(
      `${harness.redisKeyPrefix}auth:revoked:session:${phone.sessionId}`,
      `${harness.redisKeyPrefix}auth:revoked:complete`,
    );
    await sweep();
    expect(await sessionExists(phone.sessionId)).toBe(true);
    expect((await failureOf(peer.client({ token: phone.accessToken }).peer.whoAmI.query())).data.code).toBe(
      "UNAUTHORIZED",
    );
  });

  it("keeps a revoked session's Redis marker longer than any access token lives", async () => {
    const account = await harness.signUp("marker");
    const phone = await signIn(account);
    await harness.client(account.session.accessToken).auth.sessions.revoke.mutate({ sessionId: phone.sessionId });
    const ttl = await redis.ttl(`${harness.redisKeyPrefix}auth:revoked:session:${phone.sessionId}`);
    // Strictly longer: a token signed just after the revocation committed, or read by a service
    // whose clock runs behind, still meets its marker.
    expect(ttl).toBeGreaterThan(MAX_ACCESS_TOKEN_TTL_SECONDS);
  });
});
