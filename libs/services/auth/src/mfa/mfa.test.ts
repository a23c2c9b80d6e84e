import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { decodeBase32 } from "./base32";
import { totpCode } from "./totp";

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** The code an authenticator app shows `stepsAhead` 30-second steps from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  return totpCode(decodeBase32(secret), Date.now() + stepsAhead * 30_000);
}

interface EnrolledAccount extends TestAccount {
  secret: string;
  enrolmentCode: string;
  aal2Token: string;
  recoveryCodes: string[];
}

async function enrolled(label: string): Promise<EnrolledAccount> {
  const account = await harness.signUp(label, { confirmEmail: true });
  const client = harness.client(account.session.accessToken);
  const { secret } = await client.auth.mfa.enroll.mutate();
  const enrolmentCode = codeFor(secret);
  const verified = await client.auth.mfa.verify.mutate({ code: enrolmentCode });
  return {
    ...account,
    secret,
    enrolmentCode,
    aal2Token: verified.accessToken,
    recoveryCodes: verified.recoveryCodes ?? [],
  };
}

describe("TOTP enrolment", () => {
  it("gives a secret and an otpauth URI, and enables the factor only once a code is verified", async () => {
    const account = await harness.signUp("enrolling", { confirmEmail: true });
    const client = harness.client(account.session.accessToken);
    const enrolment = await client.auth.mfa.enroll.mutate();
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.otpauthUri);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(enrolment.secret);
    expect((await client.auth.me.query()).user.mfaEnabled).toBe(false);

    const wrong = await failureOf(client.auth.mfa.verify.mutate({ code: codeFor(enrolment.secret, 5) }));
    expect(wrong.data.code).toBe("BAD_REQUEST");

    const verified = await client.auth.mfa.verify.mutate({ code: codeFor(enrolment.secret) });
    expect(verified.aal).toBe("aal2");
    expect(verified.recoveryCodes).toHaveLength(10);
    const me = await harness.client(verified.accessToken).auth.me.query();
    expect(me.user.mfaEnabled).toBe(true);
    expect(me.session).toEqual({ id: account.session.sessionId, aal: "aal2" });
  });

  it("keeps the TOTP secret sealed at rest", async () => {
    const account = await enrolled("sealed");
    const row = await harness.database.ownerDb
      .selectFrom("users")
      .select(["mfa_totp_secret", "mfa_recovery_code_hashes"])
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(row.mfa_totp_secret).toMatch(/^v1\./);
    expect(row.mfa_totp_secret).not.toContain(account.secret);
    expect(row.mfa_recovery_code_hashes).toHaveLength(10);
    expect(row.mfa_recovery_code_hashes).not.toContain(account.recoveryCodes[0]);
  });

  it("refuses a second enrolment while a factor is active", async () => {
    const account = await enrolled("double");
    const failure = await failureOf(harness.client(account.aal2Token).auth.mfa.enroll.mutate());
    expect(failure.data.code).toBe("CONFLICT");
  });

  it("publishes the enrolment as an mfa.changed event", async () => {
    const account = await enrolled("evented");
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select("payload")
      .where("event_type", "=", "mfa.changed")
      .where("aggregate_id", "=", account.userId)
      .execute();
    expect(events.map((event) => event.payload)).toContainEqual({ userId: account.userId, change: "enrolled" });
  });
});

describe("step-up to aal2", () => {
  it("requires aal2 for sensitive procedures once a factor is enrolled", async () => {
    const account = await enrolled("stepping");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    expect(aal1.aal).toBe("aal1");
    const client = harness.client(aal1.accessToken);
    const change = await failureOf(
      client.auth.password.change.mutate({ currentPassword: account.password, newPassword: "another fine passphrase" }),
    );
    expect(change.data.code).toBe("FORBIDDEN");
    expect(change.message).toContain("aal2");
    expect(
      (await failureOf(client.auth.apiTokens.create.mutate({ name: "ci", scopes: ["documents:read"] }))).data.code,
    ).toBe("FORBIDDEN");

    const raised = await client.auth.mfa.verify.mutate({ code: codeFor(account.secret, 1) });
    const created = await harness
      .client(raised.accessToken)
      .auth.apiTokens.create.mutate({ name: "ci", scopes: ["documents:read"] });
    expect(created.token).toMatch(/^cst_/);
  });

  it("keeps aal2 across refreshes of the raised session", async () => {
    const account = await enrolled("sticky");
    const refreshed = await harness.client().auth.refresh.mutate({ refreshToken: account.session.refreshToken });
    expect(refreshed.aal).toBe("aal2");
    expect((await harness.client(refreshed.accessToken).auth.me.query()).session?.aal).toBe("aal2");
  });

  it("accepts each code only once", async () => {
    const account = await enrolled("replay");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const replay = await failureOf(
      harness.client(aal1.accessToken).auth.mfa.verify.mutate({ code: account.enrolmentCode }),
    );
    expect(replay.data.code).toBe("BAD_REQUEST");
  });

  it("limits wrong codes per user with TOO_MANY_REQUESTS", async () => {
    const account = await enrolled("guesser");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const client = harness.client(aal1.accessToken);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await failureOf(client.auth.mfa.verify.mutate({ code: "000000" }))).data.code).toBe("BAD_REQUEST");
    }
    const limited = await failureOf(client.auth.mfa.verify.mutate({ code: codeFor(account.secret, 1) }));
    expect(limited.data.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("recovery codes", () => {
  it("lets a recovery code stand in for the authenticator, once", async () => {
    const account = await enrolled("lost-phone");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const code = account.recoveryCodes[0]!;
    const raised = await harness.client(aal1.accessToken).auth.mfa.verify.mutate({ recoveryCode: code.toLowerCase() });
    expect(raised.aal).toBe("aal2");
    const again = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const reuse = await failureOf(harness.client(again.accessToken).auth.mfa.verify.mutate({ recoveryCode: code }));
    expect(reuse.data.code).toBe("BAD_REQUEST");
  });

  it("regenerates recovery codes in an aal2 session and voids the old ones", async () => {
    const account = await enrolled("regenerate");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    expect(
      (await failureOf(harness.client(aal1.accessToken).auth.mfa.recoveryCodes.regenerate.mutate())).data.code,
    ).toBe("FORBIDDEN");
    const { recoveryCodes } = await harness.client(account.aal2Token).auth.mfa.recoveryCodes.regenerate.mutate();
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(account.recoveryCodes[0]);
    const old = await failureOf(
      harness.client(aal1.accessToken).auth.mfa.verify.mutate({ recoveryCode: account.recoveryCodes[0]! }),
    );
    expect(old.data.code).toBe("BAD_REQUEST");
    await harness.client(aal1.accessToken).auth.mfa.verify.mutate({ recoveryCode: recoveryCodes[0]! });
  });
});

describe("unenrolment", () => {
  it("needs aal2, then removes the factor so aal1 sessions may change settings again", async () => {
    const account = await enrolled("unenrolling");
    const aal1 = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    expect((await failureOf(harness.client(aal1.accessToken).auth.mfa.unenroll.mutate())).data.code).toBe("FORBIDDEN");
    await harness.client(account.aal2Token).auth.mfa.unenroll.mutate();
    expect((await harness.client(aal1.accessToken).auth.me.query()).user.mfaEnabled).toBe(false);
    await harness.client(aal1.accessToken).auth.password.change.mutate({
      currentPassword: account.password,
      newPassword: "free of the second factor",
    });
  });
});
