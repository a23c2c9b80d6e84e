import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

let harness: AuthHarness;
let strict: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;

beforeAll(async () => {
  harness = await startAuthHarness({ REFRESH_REUSE_GRACE_SECONDS: "30" });
  // No grace at all: any second use of a refresh token counts as reuse.
  strict = await startAuthHarness({ REFRESH_REUSE_GRACE_SECONDS: "0" });
  peer = await startPeerService(harness);
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
  await strict?.close();
});

describe("refresh token rotation", () => {
  it("rotates the refresh token on every use and keeps the session id", async () => {
    const account = await harness.signUp("rotating");
    const first = await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    expect(first.refreshToken).not.toBe(account.session.refreshToken);
    expect(first.sessionId).toBe(account.session.sessionId);
    const second = await harness.client().auth.refresh.mutate({ refreshToken: first.refreshToken });
    expect(second.sessionId).toBe(account.session.sessionId);
    expect((await harness.client(second.accessToken).auth.me.query()).user.id).toBe(account.userId);
  });

  it("stores refresh tokens only as hashes", async () => {
    const account = await harness.signUp("hashed");
    const rows = await harness.database.ownerDb
      .selectFrom("user_sessions")
      .select("refresh_token_hash")
      .where("user_id", "=", account.userId)
      .execute();
    expect(rows.map((row) => row.refresh_token_hash)).not.toContain(account.session.refreshToken);
    expect(rows[0]?.refresh_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hands two tabs that refresh with the same token at once the same successor (grace window)", async () => {
    const account = await harness.signUp("two-tabs");
    const [tabA, tabB] = await Promise.all([
      harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }),
      harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }),
    ]);
    expect(tabA.sessionId).toBe(tabB.sessionId);
    expect(tabA.refreshToken).toBe(tabB.refreshToken);
    const next = await harness.client().auth.refresh.mutate({ refreshToken: tabA.refreshToken });
    expect((await harness.client(next.accessToken).auth.me.query()).user.id).toBe(account.userId);
    // The tab that lost the race and then refreshes late is led to the session's current token.
    const late = await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    expect(late.refreshToken).toBe(next.refreshToken);
  });

  it("revokes the whole session when a spent refresh token is presented after the grace window", async () => {
    const account = await strict.signUp("stolen");
    const rotated = await strict.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    const replay = await failureOf(strict.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }));
    expect(replay.data.code).toBe("UNAUTHORIZED");
    expect(replay.message).toContain("already used");
    // The legitimate holder's newer tokens die with the session.
    const successor = await failureOf(strict.client().auth.refresh.mutate({ refreshToken: rotated.refreshToken }));
    expect(successor.data.code).toBe("UNAUTHORIZED");
    expect((await failureOf(strict.client(rotated.accessToken).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    const revoked = await strict.database.ownerDb
      .selectFrom("user_sessions")
      .select("revoked_reason")
      .where("family_id", "=", account.session.sessionId)
      .execute();
    expect(new Set(revoked.map((row) => row.revoked_reason))).toEqual(new Set(["refresh_token_reuse"]));
  });

  it("rejects an unknown or expired refresh token", async () => {
    const unknown = await failureOf(
      harness.client().auth.refresh.mutate({ refreshToken: "not-a-token-we-ever-issued" }),
    );
    expect(unknown.data.code).toBe("UNAUTHORIZED");
    const account = await harness.signUp("expired");
    await harness.database.ownerDb
      .updateTable("user_sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", account.userId)
      .execute();
    const expired = await failureOf(
      harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }),
    );
    expect(expired.data.code).toBe("UNAUTHORIZED");
  });
});

describe("sessions", () => {
  it("lists the user's devices with the current one flagged", async () => {
    const account = await harness.signUp("devices");
    const laptop = await harness
      .client(undefined, { "user-agent": "Laptop/1.0" })
      .auth.signIn.mutate({ email: account.email, password: account.password });
    const sessions = await harness.client(laptop.accessToken).auth.sessions.list.query();
    expect(sessions).toHaveLength(2);
    const current = sessions.find((session) => session.current);
    expect(current).toMatchObject({ id: laptop.sessionId, device: "Laptop/1.0", aal: "aal1" });
    expect(current?.ip).toMatch(/127\.0\.0\.1/);
    expect(sessions.filter((session) => !session.current).map((session) => session.id)).toEqual([
      account.session.sessionId,
    ]);
  });

  it("revokes one session: its access token stops at once on this and every other service", async () => {
    const account = await harness.signUp("revoke-one");
    const phone = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    expect(await peer.client({ token: phone.accessToken }).peer.whoAmI.query()).toMatchObject({
      userId: account.userId,
    });
    await harness.client(account.session.accessToken).auth.sessions.revoke.mutate({ sessionId: phone.sessionId });
    expect((await failureOf(harness.client(phone.accessToken).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    expect((await failureOf(peer.client({ token: phone.accessToken }).peer.whoAmI.query())).data.code).toBe(
      "UNAUTHORIZED",
    );
    expect((await harness.client(account.session.accessToken).auth.me.query()).user.id).toBe(account.userId);
  });

  it("cannot revoke someone else's session", async () => {
    const owner = await harness.signUp("owner");
    const intruder = await harness.signUp("intruder");
    const failure = await failureOf(
      harness.client(intruder.session.accessToken).auth.sessions.revoke.mutate({ sessionId: owner.session.sessionId }),
    );
    expect(failure.data.code).toBe("NOT_FOUND");
    expect((await harness.client(owner.session.accessToken).auth.me.query()).user.id).toBe(owner.userId);
  });

  it("revokes every other session and keeps the current one", async () => {
    const account = await harness.signUp("revoke-others");
    const other = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const result = await harness.client(account.session.accessToken).auth.sessions.revokeOthers.mutate();
    expect(result.revoked).toBe(1);
    expect((await failureOf(harness.client(other.accessToken).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    const remaining = await harness.client(account.session.accessToken).auth.sessions.list.query();
    expect(remaining.map((session) => session.id)).toEqual([account.session.sessionId]);
  });

  it("records each revocation as a session.revoked event", async () => {
    const account = await harness.signUp("evented");
    await harness.client(account.session.accessToken).auth.signOut.mutate();
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select(["event_type", "payload"])
      .where("event_type", "=", "session.revoked")
      .where("aggregate_id", "=", account.userId)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ sessionId: account.session.sessionId, reason: "sign_out" });
  });
});
