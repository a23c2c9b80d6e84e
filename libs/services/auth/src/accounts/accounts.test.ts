import { retryAfterSecondsOf } from "@cauldron/contracts";
import { failureOf, TEST_AUDIENCE } from "@cauldron/testing";
import { SignJWT, generateKeyPair } from "jose";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT: "3" });
});

afterAll(async () => {
  await harness?.close();
});

describe("sign-up", () => {
  it("creates the account with a profile and no organization, and signs it in", async () => {
    const account = await harness.signUp("ada");
    expect(account.session).toMatchObject({ tokenType: "Bearer", aal: "aal1", user: { email: account.email } });
    const me = await harness.client(account.session.accessToken).auth.me.query();
    expect(me.user).toMatchObject({
      id: account.userId,
      email: account.email,
      displayName: "ada",
      emailConfirmed: false,
    });
    expect(me.profile).toMatchObject({ fullName: "ada", timezone: "UTC", locale: "en" });
    expect(me.organizations).toEqual([]);
    expect(me.session).toEqual({ id: account.session.sessionId, aal: "aal1" });
  });

  it("stores the password only as an argon2id hash with the OWASP parameters", async () => {
    const account = await harness.signUp("hash");
    const row = await harness.database.ownerDb
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(account.password);
  });

  it("makes no second account with the same email in any letter case, and tells the owner instead", async () => {
    const account = await harness.signUp("twice");
    const again = await harness
      .client()
      .auth.signUp.mutate({ email: account.email.toUpperCase(), password: "another long password" });
    expect(again).toEqual({ status: "check_email" });
    expect(await harness.emailTo(account.email)).toMatchObject({ template: "sign_up_existing_account" });
    const { rows } = await sql<{ count: string }>`
      select count(*) from public.users where lower(email) = ${account.email.toLowerCase()}
    `.execute(harness.database.ownerDb);
    expect(Number(rows[0]?.count)).toBe(1);
  });

  it("enforces the password length policy with a message per field", async () => {
    const failure = await failureOf(
      harness.client().auth.signUp.mutate({ email: "short@example.test", password: "short" }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.password?.[0]).toContain("at least 12");
    const same = await failureOf(
      harness
        .client()
        .auth.signUp.mutate({ email: "same-as-password@example.test", password: "same-as-password@example.test" }),
    );
    expect(same.data.fieldErrors?.password).toEqual(["must not be your email address"]);
  });

  it("records the sign-up in the audit log and the outbox in the same transaction", async () => {
    const account = await harness.signUp("audited");
    const audit = await harness.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "actor_user_id"])
      .where("target_id", "=", account.userId)
      .execute();
    expect(audit).toContainEqual({ action: "user.signed_up", actor_user_id: account.userId });
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select("event_type")
      .where("aggregate_id", "=", account.userId)
      .execute();
    expect(events.map((event) => event.event_type)).toContain("user.signed_up");
  });
});

describe("sign-in", () => {
  it("signs in with the right password and records the sign-in", async () => {
    const account = await harness.signUp("returning");
    const session = await harness
      .client()
      .auth.signIn.mutate({ email: account.email.toUpperCase(), password: account.password });
    expect(session.user.id).toBe(account.userId);
    expect(session.sessionId).not.toBe(account.session.sessionId);
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select("event_type")
      .where("aggregate_id", "=", account.userId)
      .execute();
    expect(events.map((event) => event.event_type)).toContain("user.signed_in");
  });

  it("answers a wrong password and an unknown email with the same error", async () => {
    const account = await harness.signUp("enumeration");
    const wrongPassword = await failureOf(
      harness.client().auth.signIn.mutate({ email: account.email, password: "not the password at all" }),
    );
    const unknownEmail = await failureOf(
      harness.client().auth.signIn.mutate({ email: "nobody-here@example.test", password: "not the password at all" }),
    );
    expect(wrongPassword.data.code).toBe("UNAUTHORIZED");
    expect(unknownEmail.data.code).toBe("UNAUTHORIZED");
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });

  it("records failed sign-ins, for known and unknown emails alike", async () => {
    const { rows } = await sql<{ count: string }>`
      select count(*) from audit.audit_logs where action = 'user.sign_in_failed'
    `.execute(harness.database.ownerDb);
    expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(2);
  });

  it("locks an account out after repeated failures with TOO_MANY_REQUESTS and a retry-after", async () => {
    const account = await harness.signUp("locked");
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failure = await failureOf(
        harness.client().auth.signIn.mutate({ email: account.email, password: "wrong guess number x" }),
      );
      expect(failure.data.code).toBe("UNAUTHORIZED");
    }
    const limited = await failureOf(
      harness.client().auth.signIn.mutate({ email: account.email, password: account.password }),
    );
    expect(limited.data.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.data.reason).toBe("rate_limited");
    const retryAfter = retryAfterSecondsOf(limited.data);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("limits failures per client address across accounts, shared through Redis", async () => {
    const ip = "203.0.113.7";
    const strict = await startAuthHarness({ SIGN_IN_MAX_FAILURES_PER_CLIENT: "2" });
    try {
      // The server trusts loopback proxies, so x-forwarded-for names the client.
      const fromIp = strict.client(undefined, { "x-forwarded-for": ip });
      for (const guess of ["first@example.test", "second@example.test"]) {
        await failureOf(fromIp.auth.signIn.mutate({ email: guess, password: "guessing passwords" }));
      }
      const limited = await failureOf(
        fromIp.auth.signIn.mutate({ email: "third@example.test", password: "guessing passwords" }),
      );
      expect(limited.data.code).toBe("TOO_MANY_REQUESTS");
      const elsewhere = await failureOf(
        strict.client().auth.signIn.mutate({ email: "third@example.test", password: "guessing passwords" }),
      );
      expect(elsewhere.data.code).toBe("UNAUTHORIZED");
    } finally {
      await strict.close();
    }
  });

  it("refuses a disabled account even with the right password", async () => {
    const account = await harness.signUp("disabled");
    await harness.database.ownerDb
      .updateTable("users")
      .set({ disabled_at: new Date() })
      .where("id", "=", account.userId)
      .execute();
    const failure = await failureOf(
      harness.client().auth.signIn.mutate({ email: account.email, password: account.password }),
    );
    expect(failure.data.code).toBe("FORBIDDEN");
  });
});

describe("access tokens", () => {
  it("rejects tampered, expired and wrong-audience tokens with UNAUTHORIZED", async () => {
    const account = await harness.signUp("tokens");
    const [header, payload, signature] = account.session.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })).toString(
      "base64url",
    );
    const tampered = `${header}.${forged}.${signature}`;
    expect((await failureOf(harness.client(tampered).auth.me.query())).data.code).toBe("UNAUTHORIZED");

    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const foreign = await new SignJWT({ sid: account.session.sessionId, aal: "aal1" })
      .setProtectedHeader({ alg: "EdDSA", kid: JSON.parse(Buffer.from(header!, "base64url").toString()).kid })
      .setSubject(account.userId)
      .setIssuer("cauldron-auth")
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await failureOf(harness.client(foreign).auth.me.query())).data.code).toBe("UNAUTHORIZED");
  });

  it("answers me for the caller only when signed in", async () => {
    expect((await failureOf(harness.client().auth.me.query())).data.code).toBe("UNAUTHORIZED");
  });
});

describe("profile and sign-out", () => {
  it("updates the profile fields given and leaves the others", async () => {
    const account = await harness.signUp("profile");
    const client = harness.client(account.session.accessToken);
    await client.auth.profile.update.mutate({ displayName: "Ada L.", jobTitle: "Analyst", timezone: "Europe/Zurich" });
    const me = await client.auth.me.query();
    expect(me.user.displayName).toBe("Ada L.");
    expect(me.profile).toMatchObject({ fullName: "profile", jobTitle: "Analyst", timezone: "Europe/Zurich" });
    const bad = await failureOf(client.auth.profile.update.mutate({ timezone: "Mars/Olympus" }));
    expect(bad.data.fieldErrors?.timezone).toBeDefined();
  });

  it("signs out: the access token and the refresh token stop working at once", async () => {
    const account = await harness.signUp("leaving");
    const client = harness.client(account.session.accessToken);
    await client.auth.signOut.mutate();
    expect((await failureOf(client.auth.me.query())).data.code).toBe("UNAUTHORIZED");
    const refresh = await failureOf(
      harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken }),
    );
    expect(refresh.data.code).toBe("UNAUTHORIZED");
  });
});
