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

interface Enrolled extends TestAccount {
  secret: string;
  recoveryCodes: string[];
  /** The enrolment's session, raised to aal2 by the code that enrolled it. */
  aal2Token: string;
}

async function enrolled(label: string): Promise<Enrolled> {
  const account = await harness.signUp(label, { confirmEmail: true });
  const client = harness.client(account.session.accessToken);
  const { secret } = await client.auth.mfa.enroll.mutate();
  const verified = await client.auth.mfa.verify.mutate({ code: totpCode(decodeBase32(secret), Date.now()) });
  return { ...account, secret, recoveryCodes: verified.recoveryCodes ?? [], aal2Token: verified.accessToken };
}

async function freshSession(account: TestAccount): Promise<string> {
  return (await harness.client().auth.signIn.mutate({ email: account.email, password: account.password })).accessToken;
}

describe("auth.mfa.verify in a session it cannot raise", () => {
  it("refuses a session verified already and leaves the recovery code usable", async () => {
    const account = await enrolled("kept-recovery");
    const code = account.recoveryCodes[0]!;
    const refused = await failureOf(harness.client(account.aal2Token).auth.mfa.verify.mutate({ recoveryCode: code }));
    expect(refused.data.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("no code was used");
    const raised = await harness.client(await freshSession(account)).auth.mfa.verify.mutate({ recoveryCode: code });
    expect(raised.aal).toBe("aal2");
  });

  it("refuses a session verified already and leaves the current TOTP code usable", async () => {
    const account = await enrolled("kept-totp");
    // One step ahead: the enrolment spent the current step.
    const code = totpCode(decodeBase32(account.secret), Date.now() + 30_000);
    const refused = await failureOf(harness.client(account.aal2Token).auth.mfa.verify.mutate({ code }));
    expect(refused.data.code).toBe("BAD_REQUEST");
    const raised = await harness.client(await freshSession(account)).auth.mfa.verify.mutate({ code });
    expect(raised.aal).toBe("aal2");
  });
});
