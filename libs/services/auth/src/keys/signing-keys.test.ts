import { failureOf, startTestService } from "@cauldron/testing";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from "jose";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthService } from "../auth-service";
import { startAuthHarness, TEST_AUTH_ENVIRONMENT, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;
let admin: TestAccount;

// A short activation delay keeps the test quick; production waits long enough for every verifier.
const ACTIVATION_DELAY_SECONDS = 1;

beforeAll(async () => {
  harness = await startAuthHarness({ SIGNING_KEY_ACTIVATION_DELAY_SECONDS: String(ACTIVATION_DELAY_SECONDS) });
  peer = await startPeerService(harness);
  admin = await harness.signUp("key-admin");
  await harness.makePlatformAdmin(admin.userId);
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
});

async function publishedKeys(url: string): Promise<JSONWebKeySet> {
  const response = await fetch(`${url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as JSONWebKeySet;
}

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as { kid: string }).kid;
}

describe("signing keys", () => {
  it("publishes the public Ed25519 key at /.well-known/jwks.json, never the private half", async () => {
    const jwks = await publishedKeys(harness.service.url);
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(jwks.keys.some((key) => "d" in key)).toBe(false);
    expect(jwks.keys.map((key) => key.kid)).toContain(kidOf(admin.session.accessToken));
  });

  it("keeps the private key sealed in the database", async () => {
    const rows = await sql<{
      private_jwk_encrypted: string;
    }>`select private_jwk_encrypted from admin.signing_keys`.execute(harness.database.ownerDb);
    expect(rows.rows[0]?.private_jwk_encrypted).toMatch(/^v1\./);
  });

  it("is verified by other services through the published key set", async () => {
    const user = await harness.signUp("verified-elsewhere");
    expect(await peer.client({ token: user.session.accessToken }).peer.whoAmI.query()).toMatchObject({
      kind: "user",
      userId: user.userId,
      sessionId: user.session.sessionId,
    });
  });

  it("rotates without logging anyone out: the new key is published first, signs later, and old tokens keep working", async () => {
    const before = await harness.signUp("before-rotation");
    const rotated = await harness.client(admin.session.accessToken).auth.admin.signingKeys.rotate.mutate();
    expect(rotated.previousKid).toBe(kidOf(before.session.accessToken));
    const kids = (await publishedKeys(harness.service.url)).keys.map((key) => key.kid);
    expect(kids).toEqual(expect.arrayContaining([rotated.kid, rotated.previousKid]));
    const duringDelay = await harness.client().auth.signIn.mutate({ email: before.email, password: before.password });
    expect(kidOf(duringDelay.accessToken)).toBe(rotated.previousKid);

    await new Promise((resolve) => setTimeout(resolve, rotated.activatesAt.getTime() - Date.now() + 50));
    const after = await harness.client().auth.signIn.mutate({ email: before.email, password: before.password });
    expect(kidOf(after.accessToken)).toBe(rotated.kid);

    // A service whose key set was fetched after the rotation was published.
    const laterPeer = await startPeerService(harness);
    try {
      for (const token of [before.session.accessToken, after.accessToken]) {
        expect((await harness.client(token).auth.me.query()).user.id).toBe(before.userId);
        expect(await laterPeer.client({ token }).peer.whoAmI.query()).toMatchObject({ userId: before.userId });
      }
      expect(await peer.client({ token: before.session.accessToken }).peer.whoAmI.query()).toMatchObject({
        userId: before.userId,
      });
    } finally {
      await laterPeer.close();
    }
    const keys = await harness.client(admin.session.accessToken).auth.admin.signingKeys.list.query();
    expect(keys.find((key) => key.kid === rotated.previousKid)?.retiredAt).toEqual(rotated.activatesAt);
    expect(keys.find((key) => key.kid === rotated.kid)?.retiredAt).toBeNull();
  });

  it("stops accepting a retired key once every token it signed must have expired", async () => {
    const user = await harness.signUp("long-retired");
    const rotated = await harness.client(admin.session.accessToken).auth.admin.signingKeys.rotate.mutate();
    await harness.database.ownerDb
      .updateTable("admin.signing_keys")
      .set({ activates_at: new Date(Date.now() - 3 * 3600 * 1000), retired_at: new Date(Date.now() - 2 * 3600 * 1000) })
      .where("kid", "=", rotated.previousKid!)
      .execute();
    // A fresh instance reads the keys as they now are.
    const restarted = await startAuthHarnessOn(harness);
    try {
      expect((await publishedKeys(restarted.url)).keys.map((key) => key.kid)).not.toContain(rotated.previousKid);
      const failure = await failureOf(restarted.client({ token: user.session.accessToken }).auth.me.query());
      expect(failure.data.code).toBe("UNAUTHORIZED");
    } finally {
      await restarted.close();
    }
  });

  it("refuses rotation to non-administrators", async () => {
    const user = await harness.signUp("not-admin");
    expect(
      (await failureOf(harness.client(user.session.accessToken).auth.admin.signingKeys.rotate.mutate())).data.code,
    ).toBe("FORBIDDEN");
  });
});

describe("keys from AUTH_SIGNING_KEYS", () => {
  it("refuses tokens signed with its own key but expired, for another audience or issuer, or without a session", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk: JWK = { ...(await exportJWK(privateKey)), kid: "claims-key" };
    const keyed = await startAuthHarness({ AUTH_SIGNING_KEYS: JSON.stringify([jwk]) });
    try {
      const user = await keyed.signUp("claims");
      const key = await importJWK(jwk, "EdDSA");
      const token = (claims: { audience?: string; issuer?: string; expiresAt?: number; sid?: string | null }) =>
        new SignJWT(claims.sid === null ? { aal: "aal1" } : { sid: claims.sid ?? user.session.sessionId, aal: "aal1" })
          .setProtectedHeader({ alg: "EdDSA", kid: "claims-key" })
          .setSubject(user.userId)
          .setIssuer(claims.issuer ?? "cauldron-auth")
          .setAudience(claims.audience ?? "cauldron")
          .setExpirationTime(claims.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
          .sign(key);
      expect((await keyed.client(await token({})).auth.me.query()).user.id).toBe(user.userId);
      for (const bad of [
        await token({ expiresAt: Math.floor(Date.now() / 1000) - 120 }),
        await token({ audience: "someone-else" }),
        await token({ issuer: "not-cauldron" }),
        await token({ sid: null }),
      ]) {
        expect((await failureOf(keyed.client(bad).auth.me.query())).data.code).toBe("UNAUTHORIZED");
      }
    } finally {
      await keyed.close();
    }
  });

  it("signs with the first key and verifies with the others, and cannot rotate at run time", async () => {
    const pair = async (kid: string) => {
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
      return { ...(await exportJWK(privateKey)), kid };
    };
    const keys = [await pair("current-key"), await pair("previous-key")];
    const fromEnvironment = await startAuthHarness({ AUTH_SIGNING_KEYS: JSON.stringify(keys) });
    try {
      const user = await fromEnvironment.signUp("env-keys");
      expect(kidOf(user.session.accessToken)).toBe("current-key");
      const published = await publishedKeys(fromEnvironment.service.url);
      expect(published.keys.map((key) => key.kid)).toEqual(["current-key", "previous-key"]);
      expect(published.keys.some((key) => "d" in key)).toBe(false);
      await fromEnvironment.makePlatformAdmin(user.userId);
      const failure = await failureOf(
        fromEnvironment.client(user.session.accessToken).auth.admin.signingKeys.rotate.mutate(),
      );
      expect(failure.data.code).toBe("BAD_REQUEST");
    } finally {
      await fromEnvironment.close();
    }
  });
});

/** Another auth service instance on the same database and Redis prefix, as after a restart or on another replica. */
function startAuthHarnessOn(existing: AuthHarness) {
  return startTestService(
    createAuthService({
      email: existing.email,
      redisKeyPrefix: existing.redisKeyPrefix,
      environment: { ...TEST_AUTH_ENVIRONMENT },
    }),
    { db: existing.database.db, redisKeyPrefix: existing.redisKeyPrefix },
  );
}
