import { randomBytes } from "node:crypto";
import { failureOf } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness();
});

afterAll(async () => {
  await harness?.close();
});

function tokenFromLink(link: string | undefined): string {
  const token = link ? new URL(link).searchParams.get("token") : null;
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

describe("password change", () => {
  it("changes the password after checking the current one and signs out the other sessions", async () => {
    const account = await harness.signUp("changer");
    const elsewhere = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const client = harness.client(account.session.accessToken);
    const result = await client.auth.password.change.mutate({
      currentPassword: account.password,
      newPassword: "a brand new passphrase",
    });
    expect(result.revokedSessions).toBe(1);
    expect((await failureOf(harness.client(elsewhere.accessToken).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    expect((await client.auth.me.query()).user.id).toBe(account.userId);
    const old = await failureOf(
      harness.client().auth.signIn.mutate({ email: account.email, password: account.password }),
    );
    expect(old.data.code).toBe("UNAUTHORIZED");
    await harness.client().auth.signIn.mutate({ email: account.email, password: "a brand new passphrase" });
  });

  it("refuses the change with a wrong current password or a too short new one", async () => {
    const account = await harness.signUp("careful");
    const client = harness.client(account.session.accessToken);
    const wrong = await failureOf(
      client.auth.password.change.mutate({ currentPassword: "not my password", newPassword: "a brand new passphrase" }),
    );
    expect(wrong.data.code).toBe("BAD_REQUEST");
    const short = await failureOf(
      client.auth.password.change.mutate({ currentPassword: account.password, newPassword: "short" }),
    );
    expect(short.data.fieldErrors?.newPassword).toBeDefined();
  });
});

describe("password reset", () => {
  it("emails a single-use link that sets a new password and signs out every session", async () => {
    const account = await harness.signUp("forgetful");
    await harness.client().auth.password.requestReset.mutate({ email: account.email });
    const message = await harness.emailTo(account.email);
    expect(message).toMatchObject({ template: "password_reset" });
    expect(message.link).toMatch(/^https:\/\/app\.example\.test\/reset-password\?token=/);
    const token = tokenFromLink(message.link);

    await harness.client().auth.password.reset.mutate({ token, newPassword: "remembered at last" });
    expect((await failureOf(harness.client(account.session.accessToken).auth.me.query())).data.code).toBe(
      "UNAUTHORIZED",
    );
    const session = await harness.client().auth.signIn.mutate({ email: account.email, password: "remembered at last" });
    expect(session.user.id).toBe(account.userId);

    const again = await failureOf(
      harness.client().auth.password.reset.mutate({ token, newPassword: "and once more please" }),
    );
    expect(again.data.code).toBe("BAD_REQUEST");
  });

  it("stores the reset token only as a hash", async () => {
    const account = await harness.signUp("hash-reset");
    await harness.client().auth.password.requestReset.mutate({ email: account.email });
    const token = tokenFromLink((await harness.emailTo(account.email)).link);
    const row = await harness.database.ownerDb
      .selectFrom("users")
      .select("password_reset_token_hash")
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(row.password_reset_token_hash).not.toBe(token);
    expect(row.password_reset_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers an unknown email exactly like a known one and sends nothing", async () => {
    await harness.settleEmails();
    const sentBefore = harness.email.sent.length;
    const result = await harness.client().auth.password.requestReset.mutate({ email: "nobody-at-all@example.test" });
    expect(result).toEqual({ ok: true });
    await harness.settleEmails();
    expect(harness.email.sent.length).toBe(sentBefore);
  });

  it("writes the same rows for a known and an unknown address: one audit row and one queued email, neither holding the address", async () => {
    const account = await harness.signUp("same-writes");
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    for (const email of [account.email, unknown]) {
      const requestId = `reset-${randomBytes(6).toString("hex")}`;
      await harness.client(undefined, { "x-request-id": requestId }).auth.password.requestReset.mutate({ email });
      const queued = await harness.database.ownerDb
        .selectFrom("integration.outbox")
        .select(["event_type", "payload", "metadata", "aggregate_id"])
        .where(sql<boolean>`metadata ->> 'requestId' = ${requestId}`)
        .execute();
      expect(queued.map((row) => row.event_type)).toEqual(["email.requested"]);
      expect(JSON.stringify(queued).toLowerCase()).not.toContain(email.toLowerCase());
      const audited = await harness.database.ownerDb
        .selectFrom("audit.audit_logs")
        .select(["action", "metadata"])
        .where("request_id", "=", requestId)
        .execute();
      expect(audited.map((row) => row.action)).toEqual(["user.password_reset_requested"]);
      expect(JSON.stringify(audited).toLowerCase()).not.toContain(email.toLowerCase());
    }
    await harness.settleEmails();
    expect(harness.email.sent.filter((message) => message.to === unknown)).toHaveLength(0);
    expect(
      harness.email.sent.filter((message) => message.to === account.email && message.template === "password_reset"),
    ).toHaveLength(1);
  });

  it("refuses a junk reset token without hashing the new password", async () => {
    const hashesBefore = harness.passwordHashes();
    const failure = await failureOf(
      harness
        .client()
        .auth.password.reset.mutate({ token: "not-a-real-reset-token", newPassword: "a password never hashed" }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(harness.passwordHashes()).toBe(hashesBefore);
  });

  it("refuses an expired reset token", async () => {
    const account = await harness.signUp("late");
    await harness.client().auth.password.requestReset.mutate({ email: account.email });
    const token = tokenFromLink((await harness.emailTo(account.email)).link);
    await harness.database.ownerDb
      .updateTable("users")
      .set({ password_reset_expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", account.userId)
      .execute();
    const failure = await failureOf(
      harness.client().auth.password.reset.mutate({ token, newPassword: "too late for this one" }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("expired");
  });
});

describe("email confirmation", () => {
  it("confirms the address through the link sent at sign-up", async () => {
    const account = await harness.signUp("confirming");
    const message = await harness.emailTo(account.email);
    expect(message).toMatchObject({ template: "email_confirmation" });
    await harness.client().auth.email.confirm.mutate({ token: tokenFromLink(message.link) });
    const me = await harness.client(account.session.accessToken).auth.me.query();
    expect(me.user.emailConfirmed).toBe(true);
  });

  it("sends a fresh link on request, which replaces the first one", async () => {
    const account = await harness.signUp("resend");
    const first = tokenFromLink((await harness.emailTo(account.email)).link);
    const result = await harness.client(account.session.accessToken).auth.email.requestConfirmation.mutate();
    expect(result).toEqual({ sent: true });
    const second = tokenFromLink((await harness.emailTo(account.email)).link);
    expect(second).not.toBe(first);
    expect((await failureOf(harness.client().auth.email.confirm.mutate({ token: first }))).data.code).toBe(
      "BAD_REQUEST",
    );
    await harness.client().auth.email.confirm.mutate({ token: second });
    const afterwards = await harness.client(account.session.accessToken).auth.email.requestConfirmation.mutate();
    expect(afterwards).toEqual({ sent: false });
  });

  it("rejects an unknown confirmation token", async () => {
    const failure = await failureOf(harness.client().auth.email.confirm.mutate({ token: "x".repeat(43) }));
    expect(failure.data.code).toBe("BAD_REQUEST");
  });
});

describe("a reset that confirms an address", () => {
  async function resetLinkFor(email: string): Promise<string> {
    await harness.client().auth.password.requestReset.mutate({ email });
    const message = await harness.emailTo(email);
    expect(message.text).toContain("removes any second factor");
    return tokenFromLink(message.link);
  }

  it("removes a second factor enrolled while the address was unconfirmed, and records why", async () => {
    // Whoever signed up with the address enrolled a factor before its owner ever confirmed it.
    const account = await harness.signUp("claimed-address");
    await harness.database.ownerDb
      .updateTable("users")
      .set({
        mfa_totp_secret: "v1.sealed.by.squatter",
        mfa_enabled_at: new Date(),
        mfa_recovery_code_hashes: ["a".repeat(64)],
      })
      .where("id", "=", account.userId)
      .execute();
    const token = await resetLinkFor(account.email);
    await harness.client().auth.password.reset.mutate({ token, newPassword: "the real owner's passphrase" });

    const user = await harness.database.ownerDb
      .selectFrom("users")
      .select(["email_verified_at", "mfa_totp_secret", "mfa_enabled_at", "mfa_recovery_code_hashes"])
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ mfa_totp_secret: null, mfa_enabled_at: null, mfa_recovery_code_hashes: [] });
    expect(user.email_verified_at).not.toBeNull();
    const audit = await harness.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "metadata"])
      .where("target_id", "=", account.userId)
      .where("action", "in", ["user.password_reset", "mfa.unenrolled"])
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(["mfa.unenrolled", "user.password_reset"]);
    expect(audit.find((row) => row.action === "user.password_reset")?.metadata).toMatchObject({
      addressConfirmed: true,
      secondFactorRemoved: true,
    });
    const session = await harness
      .client()
      .auth.signIn.mutate({ email: account.email, password: "the real owner's passphrase" });
    expect((await harness.client(session.accessToken).auth.me.query()).user.mfaEnabled).toBe(false);
  });

  it("keeps the second factor of an account whose address was already confirmed", async () => {
    const account = await harness.signUp("confirmed-owner", { confirmEmail: true });
    await harness.database.ownerDb
      .updateTable("users")
      .set({ mfa_totp_secret: "v1.sealed.by.owner", mfa_enabled_at: new Date() })
      .where("id", "=", account.userId)
      .execute();
    await harness.client().auth.password.requestReset.mutate({ email: account.email });
    const message = await harness.emailTo(account.email);
    expect(message.text).not.toContain("second factor");
    await harness
      .client()
      .auth.password.reset.mutate({ token: tokenFromLink(message.link), newPassword: "still my own factor" });
    const user = await harness.database.ownerDb
      .selectFrom("users")
      .select(["mfa_totp_secret", "mfa_enabled_at"])
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(user.mfa_totp_secret).toBe("v1.sealed.by.owner");
    expect(user.mfa_enabled_at).not.toBeNull();
  });

  it("refuses to enrol a second factor before the address is confirmed", async () => {
    const account = await harness.signUp("unconfirmed-enrolment");
    const refused = await failureOf(harness.client(account.session.accessToken).auth.mfa.enroll.mutate());
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "email_unverified" });
  });
});
