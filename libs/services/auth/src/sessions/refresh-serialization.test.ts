import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let harness: AuthHarness;
let strict: AuthHarness;
let shortLived: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness({ REFRESH_REUSE_GRACE_SECONDS: "30" });
  strict = await startAuthHarness({ REFRESH_REUSE_GRACE_SECONDS: "0" });
  shortLived = await startAuthHarness({ REFRESH_REUSE_GRACE_SECONDS: "30", SESSION_ABSOLUTE_LIFETIME_SECONDS: "3600" });
});

afterAll(async () => {
  await harness?.close();
  await strict?.close();
  await shortLived?.close();
});

/** Every refresh-token row of one session, as stored. */
function sessionRows(target: AuthHarness, sessionId: string) {
  return target.database.ownerDb
    .selectFrom("user_sessions")
    .select(["id", "replaced_by", "revoked_at", "expires_at", "created_at"])
    .where("family_id", "=", sessionId)
    .execute();
}

async function refreshAll(target: AuthHarness, refreshToken: string, times: number) {
  return Promise.allSettled(Array.from({ length: times }, () => target.client().auth.refresh.mutate({ refreshToken })));
}

describe("refreshing one session from many places at once", () => {
  it("gives ten parallel refreshes of one token the same single successor", async () => {
    const account = await harness.signUp("parallel");
    const outcomes = await refreshAll(harness, account.session.refreshToken, 10);
    const successors = new Set(
      outcomes.map((outcome) => (outcome.status === "fulfilled" ? outcome.value.refreshToken : "refused")),
    );
    expect(successors.size).toBe(1);
    expect(successors.has("refused")).toBe(false);
    const rows = await sessionRows(harness, account.session.sessionId);
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.replaced_by === null)).toHaveLength(1);
    const [successor] = successors;
    expect((await harness.client().auth.refresh.mutate({ refreshToken: successor! })).sessionId).toBe(
      account.session.sessionId,
    );
  });

  it("leaves no live successor when parallel refreshes meet no grace window", async () => {
    const account = await strict.signUp("parallel-strict");
    const outcomes = await refreshAll(strict, account.session.refreshToken, 10);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ data: { code: "UNAUTHORIZED" } });
    }
    const rows = await sessionRows(strict, account.session.sessionId);
    expect(rows.filter((row) => row.revoked_at === null)).toEqual([]);
    for (const outcome of outcomes) {
      if (outcome.status !== "fulfilled") continue;
      const next = await failureOf(strict.client().auth.refresh.mutate({ refreshToken: outcome.value.refreshToken }));
      expect(next.data.code).toBe("UNAUTHORIZED");
    }
  });

  it("never leaves a live token behind when a refresh and a revocation race", async () => {
    const account = await harness.signUp("race");
    for (let round = 0; round < 5; round += 1) {
      const device = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
      const [refreshed] = await Promise.allSettled([
        harness.client().auth.refresh.mutate({ refreshToken: device.refreshToken }),
        harness.client(account.session.accessToken).auth.sessions.revoke.mutate({ sessionId: device.sessionId }),
      ]);
      const rows = await sessionRows(harness, device.sessionId);
      expect(rows.filter((row) => row.revoked_at === null)).toEqual([]);
      if (refreshed.status === "fulfilled") {
        const next = await failureOf(
          harness.client().auth.refresh.mutate({ refreshToken: refreshed.value.refreshToken }),
        );
        expect(next.data.code).toBe("UNAUTHORIZED");
      }
    }
  });
});

describe("a revoked session", () => {
  it("never rotates again once any of its tokens is revoked", async () => {
    const account = await harness.signUp("partly-revoked");
    const rotated = await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    // Only the spent token carries the revocation, as a refresh that slipped past a revocation once left it.
    await harness.database.ownerDb
      .updateTable("user_sessions")
      .set({ revoked_at: new Date(), revoked_reason: "sign_out" })
      .where("family_id", "=", account.session.sessionId)
      .where("replaced_by", "is not", null)
      .execute();
    const failure = await failureOf(harness.client().auth.refresh.mutate({ refreshToken: rotated.refreshToken }));
    expect(failure.data.code).toBe("UNAUTHORIZED");
    expect(await sessionRows(harness, account.session.sessionId)).toHaveLength(2);
  });

  it("refuses the grace-window handout once the session is revoked", async () => {
    const account = await harness.signUp("revoked-in-grace");
    await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    await harness.client(account.session.accessToken).auth.signOut.mutate();
    const failure = await failureOf(
      harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }),
    );
    expect(failure.data.code).toBe("UNAUTHORIZED");
  });
});

describe("absolute session lifetime", () => {
  it("refuses to refresh a session older than its absolute lifetime, however recently refreshed", async () => {
    const account = await shortLived.signUp("old-session");
    const rotated = await shortLived.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    await shortLived.database.ownerDb
      .updateTable("user_sessions")
      .set({ created_at: new Date(Date.now() - 2 * 3600 * 1000) })
      .where("family_id", "=", account.session.sessionId)
      .where("replaced_by", "is not", null)
      .execute();
    const failure = await failureOf(shortLived.client().auth.refresh.mutate({ refreshToken: rotated.refreshToken }));
    expect(failure.data.code).toBe("UNAUTHORIZED");
    expect(failure.message).toContain("maximum lifetime");
    expect(await shortLived.client(account.session.accessToken).auth.sessions.list.query()).toEqual([]);
  });

  it("never lets a refreshed token outlive the session's absolute lifetime", async () => {
    const account = await shortLived.signUp("capped");
    await shortLived.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    const rows = await sessionRows(shortLived, account.session.sessionId);
    const startedAt = Math.min(...rows.map((row) => row.created_at.getTime()));
    for (const row of rows.filter((candidate) => candidate.replaced_by === null)) {
      expect(row.expires_at.getTime()).toBeLessThanOrEqual(startedAt + 3600 * 1000);
    }
  });
});
