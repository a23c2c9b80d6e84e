import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let confirming: AuthHarness;
let immediate: AuthHarness;

beforeAll(async () => {
  [confirming, immediate] = await Promise.all([
    startAuthHarness({ AUTH_EMAIL_CONFIRMATION: "required" }),
    startAuthHarness({ AUTH_EMAIL_CONFIRMATION: "optional" }),
  ]);
});

afterAll(async () => {
  await confirming?.close();
  await immediate?.close();
});

const newAddress = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.test`;
const password = "a long enough passphrase";

async function usersWithEmail(harness: AuthHarness, email: string) {
  return harness.database.ownerDb
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .execute();
}

describe("sign-up with email confirmation required", () => {
  it("answers a new and an existing address alike, with no session, and emails each owner", async () => {
    const taken = newAddress("taken");
    const first = await confirming.client().auth.signUp.mutate({ email: taken, password });
    expect(first).toEqual({ status: "check_email" });
    const [original] = await usersWithEmail(confirming, taken);

    const fresh = newAddress("fresh");
    const forNew = await confirming.client().auth.signUp.mutate({ email: fresh, password });
    const forExisting = await confirming
      .client()
      .auth.signUp.mutate({ email: taken.toUpperCase(), password: "the intruder's guess" });
    expect(forExisting).toEqual(forNew);
    expect(forNew).toEqual({ status: "check_email" });

    expect(await confirming.emailTo(fresh)).toMatchObject({ template: "email_confirmation" });
    const warning = await confirming.emailTo(taken);
    expect(warning).toMatchObject({ template: "sign_up_existing_account" });
    expect(warning.link).toBeUndefined();
    expect(warning.text).toContain("reset-password");
    // The existing account is untouched: no second user, the same password.
    expect(await usersWithEmail(confirming, taken)).toEqual([original]);
  });

  it("lets the new account sign in once it follows the emailed link", async () => {
    const email = newAddress("confirms");
    await confirming.client().auth.signUp.mutate({ email, password });
    const { link } = await confirming.emailTo(email);
    await confirming.client().auth.email.confirm.mutate({ token: new URL(link ?? "").searchParams.get("token") ?? "" });
    const session = await confirming.client().auth.signIn.mutate({ email, password });
    const me = await confirming.client(session.accessToken).auth.me.query();
    expect(me.user).toMatchObject({ email, emailConfirmed: true });
  });
});

describe("sign-up with email confirmation optional", () => {
  it("signs a new address in at once, and answers an existing one without a session", async () => {
    const email = newAddress("local");
    const created = await immediate.client().auth.signUp.mutate({ email, password });
    expect(created).toMatchObject({ status: "signed_in", session: { tokenType: "Bearer", user: { email } } });
    const again = await immediate.client().auth.signUp.mutate({ email, password: "someone else entirely" });
    expect(again).toEqual({ status: "check_email" });
    expect(await immediate.emailTo(email)).toMatchObject({ template: "sign_up_existing_account" });
    expect(await usersWithEmail(immediate, email)).toHaveLength(1);
  });
});
