import { retryAfterSecondsOf } from "@cauldron/contracts";
import { failureOf, type ClientFailure } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBase32 } from "../mfa/base32";
import { totpCode } from "../mfa/totp";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness(
    { SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT: "5", SIGN_IN_MAX_FAILURES_PER_CLIENT: "8" },
    { RPC_MAX_BATCH_SIZE: "60" },
  );
});

afterAll(async () => {
  await harness?.close();
});

/** A client whose requests come from `address` (the server trusts loopback proxies' X-Forwarded-For). */
function from(address: string, token?: string) {
  return harness.client(token, { "x-forwarded-for": address });
}

/** Settles calls that must all fail, counting their error codes. */
async function codesOf(
  calls: Promise<unknown>[],
): Promise<{ counts: Record<string, number>; failures: ClientFailure[] }> {
  const failures = await Promise.all(calls.map((call) => failureOf(call)));
  const counts: Record<string, number> = {};
  for (const failure of failures) counts[failure.data.code] = (counts[failure.data.code] ?? 0) + 1;
  return { counts, failures };
}

function expectRateLimited(failures: ClientFailure[]): void {
  for (const failure of failures.filter((candidate) => candidate.data.code === "TOO_MANY_REQUESTS")) {
    expect(failure.data.reason).toBe("rate_limited");
    expect(retryAfterSecondsOf(failure.data)).toBeGreaterThan(0);
  }
}

describe("sign-in attempts", () => {
  it("evaluates only 5 of 60 wrong passwords sent in one batched request and refuses the rest", async () => {
    const account = await harness.signUp("batched");
    // Calls made in the same tick travel as one batched HTTP request.
    const client = from("198.51.100.1");
    const { counts, failures } = await codesOf(
      Array.from({ length: 60 }, (_, index) =>
        client.auth.signIn.mutate({ email: account.email, password: `wrong guess ${index}` }),
      ),
    );
    expect(counts).toEqual({ UNAUTHORIZED: 5, TOO_MANY_REQUESTS: 55 });
    expectRateLimited(failures);
  });

  it("evaluates only 5 of 30 wrong passwords sent as parallel requests", async () => {
    const account = await harness.signUp("parallel");
    const { counts } = await codesOf(
      Array.from({ length: 30 }, (_, index) =>
        from("198.51.100.2").auth.signIn.mutate({ email: account.email, password: `wrong guess ${index}` }),
      ),
    );
    expect(counts).toEqual({ UNAUTHORIZED: 5, TOO_MANY_REQUESTS: 25 });
  });

  it("lets the owner sign in from their own address while a stranger's address is locked out of the account", async () => {
    const account = await harness.signUp("targeted");
    const stranger = from("203.0.113.66");
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await failureOf(stranger.auth.signIn.mutate({ email: account.email, password: `guess ${attempt}` }));
    }
    const locked = await failureOf(stranger.auth.signIn.mutate({ email: account.email, password: account.password }));
    expect(locked.data.code).toBe("TOO_MANY_REQUESTS");

    const owner = await from("192.0.2.10").auth.signIn.mutate({ email: account.email, password: account.password });
    expect(owner.user.id).toBe(account.userId);
  });

  it("gives a right password's attempt back, so signing in often never uses up the address's limit", async () => {
    const account = await harness.signUp("frequent");
    const office = from("192.0.2.20");
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await office.auth.signIn.mutate({ email: account.email, password: account.password });
    }
    const wrong = await failureOf(office.auth.signIn.mutate({ email: account.email, password: "not it at all" }));
    expect(wrong.data.code).toBe("UNAUTHORIZED");
  });
});

describe("sign-in attempts from many clients", () => {
  it("refuses a fresh address once 40 addresses guessed 5 times each, while the owner still signs in from an address they used before", async () => {
    const account = await harness.signUp("besieged");
    const home = from("192.0.2.77");
    await home.auth.signIn.mutate({ email: account.email, password: account.password });

    for (let address = 0; address < 40; address += 1) {
      const attacker = from(`198.18.${address}.1`);
      await codesOf(
        Array.from({ length: 5 }, (_, guess) =>
          attacker.auth.signIn.mutate({ email: account.email, password: `guess ${address}-${guess}` }),
        ),
      );
    }
    const fresh = await failureOf(
      from("198.18.200.1").auth.signIn.mutate({ email: account.email, password: "one more guess" }),
    );
    expect(fresh.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "rate_limited" });
    // The right password from an unfamiliar address is refused as well: the limit decides before the password is read.
    const newDevice = await failureOf(
      from("198.18.201.1").auth.signIn.mutate({ email: account.email, password: account.password }),
    );
    expect(newDevice.data.code).toBe("TOO_MANY_REQUESTS");

    const owner = await home.auth.signIn.mutate({ email: account.email, password: account.password });
    expect(owner.user.id).toBe(account.userId);
  });

  it("gives the account's count back for attempts refused at their own address, so one address cannot use it up", async () => {
    const account = await harness.signUp("noisy");
    const noisy = from("198.19.0.1");
    for (let wave = 0; wave < 5; wave += 1) {
      const { counts } = await codesOf(
        Array.from({ length: 60 }, (_, guess) =>
          noisy.auth.signIn.mutate({ email: account.email, password: `guess ${wave}-${guess}` }),
        ),
      );
      expect(counts.TOO_MANY_REQUESTS).toBeGreaterThanOrEqual(55);
    }
    // 300 attempts, more than the account takes from all addresses together; only 5 were counted.
    const elsewhere = await failureOf(
      from("198.19.1.1").auth.signIn.mutate({ email: account.email, password: "a wrong password, evaluated" }),
    );
    expect(elsewhere.data.code).toBe("UNAUTHORIZED");
  });

  it("counts every address of one IPv6 /64, and an IPv4 address written as IPv4-mapped IPv6, as one client", async () => {
    const account = await harness.signUp("ipv6-target");
    for (let host = 1; host <= 5; host += 1) {
      const guess = await failureOf(
        from(`2001:db8:77:1::${host}`).auth.signIn.mutate({ email: account.email, password: `guess ${host}` }),
      );
      expect(guess.data.code).toBe("UNAUTHORIZED");
    }
    const sameNetwork = await failureOf(
      from("2001:db8:77:1:ffff::9").auth.signIn.mutate({ email: account.email, password: "guess 6" }),
    );
    expect(sameNetwork.data.code).toBe("TOO_MANY_REQUESTS");
    const nextNetwork = await failureOf(
      from("2001:db8:77:2::1").auth.signIn.mutate({ email: account.email, password: "guess 7" }),
    );
    expect(nextNetwork.data.code).toBe("UNAUTHORIZED");

    for (let guess = 0; guess < 5; guess += 1) {
      await failureOf(
        from("203.0.113.88").auth.signIn.mutate({ email: account.email, password: `ipv4 guess ${guess}` }),
      );
    }
    const mapped = await failureOf(
      from("::ffff:203.0.113.88").auth.signIn.mutate({ email: account.email, password: "mapped guess" }),
    );
    expect(mapped.data.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("second-factor attempts", () => {
  it("checks only 5 of 60 codes sent in one batched request", async () => {
    const account = await harness.signUp("mfa-batch", { confirmEmail: true });
    const enrolling = harness.client(account.session.accessToken);
    const { secret } = await enrolling.auth.mfa.enroll.mutate();
    const code = (stepsAhead: number) => totpCode(decodeBase32(secret), Date.now() + stepsAhead * 30_000);
    await enrolling.auth.mfa.verify.mutate({ code: code(0) });

    const signedIn = await harness.client().auth.signIn.mutate({ email: account.email, password: account.password });
    const client = harness.client(signedIn.accessToken);
    const { counts, failures } = await codesOf(
      Array.from({ length: 60 }, () => client.auth.mfa.verify.mutate({ code: code(20) })),
    );
    expect(counts).toEqual({ BAD_REQUEST: 5, TOO_MANY_REQUESTS: 55 });
    expectRateLimited(failures);
  });
});

describe("sign-ups", () => {
  it("accepts only 20 sign-ups from one address in one batched request", async () => {
    const client = from("198.51.100.3");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, (_, index) =>
        client.auth.signUp.mutate({
          email: `burst-${index}-${Date.now()}@example.test`,
          password: "a long enough passphrase",
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(20);
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as ClientFailure] : [],
    );
    expect(refused.map((failure) => failure.data.code)).toEqual(Array(5).fill("TOO_MANY_REQUESTS"));
  });
});

describe("sign-up emails", () => {
  it("answers every sign-up with a taken address alike but emails the address at most 5 times per window", async () => {
    const account = await harness.signUp("popular-address");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        from(`198.51.100.${200 + index}`).auth.signUp.mutate({
          email: account.email,
          password: "someone else's passphrase",
        }),
      ),
    );
    expect(answers).toEqual(Array(10).fill({ status: "check_email" }));
    await harness.settleEmails();
    // The account's own confirmation counts too: one confirmation and four notices.
    const sent = harness.email.sent.filter((message) => message.to === account.email);
    expect(sent.map((message) => message.template).sort()).toEqual([
      "email_confirmation",
      ...Array(4).fill("sign_up_existing_account"),
    ]);
  });
});

describe("password resets with a token", () => {
  it("refuses junk tokens from one client past 20 attempts with TOO_MANY_REQUESTS, hashing no password for any", async () => {
    const hashesBefore = harness.passwordHashes();
    const client = from("198.51.100.5");
    const { counts, failures } = await codesOf(
      Array.from({ length: 25 }, (_, index) =>
        client.auth.password.reset.mutate({
          token: `junk-reset-token-number-${index}`,
          newPassword: "never going to be hashed",
        }),
      ),
    );
    expect(counts).toEqual({ BAD_REQUEST: 20, TOO_MANY_REQUESTS: 5 });
    expectRateLimited(failures);
    expect(harness.passwordHashes()).toBe(hashesBefore);
  });
});

describe("password reset requests", () => {
  it("answers every request alike but sends at most 5 reset emails to an address per window", async () => {
    const account = await harness.signUp("reset-flood");
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        from(`198.51.100.${100 + index}`).auth.password.requestReset.mutate({ email: account.email }),
      ),
    );
    expect(answers).toEqual(Array(12).fill({ ok: true }));
    await harness.settleEmails();
    expect(
      harness.email.sent.filter((message) => message.to === account.email && message.template === "password_reset"),
    ).toHaveLength(5);
  });

  it("keeps the owner's latest reset link working while strangers keep asking for more", async () => {
    const account = await harness.signUp("reset-owner");
    for (let request = 0; request < 8; request += 1) {
      await from(`203.0.113.${request + 1}`).auth.password.requestReset.mutate({ email: account.email });
    }
    const link = (await harness.emailTo(account.email)).link;
    const token = link ? new URL(link).searchParams.get("token") : null;
    await harness.client().auth.password.reset.mutate({ token: token ?? "", newPassword: "a fresh passphrase for me" });
    await harness.client().auth.signIn.mutate({ email: account.email, password: "a fresh passphrase for me" });
  });

  it("refuses a client address past 20 requests with TOO_MANY_REQUESTS, whatever the addresses asked for", async () => {
    const client = from("198.51.100.4");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, (_, index) =>
        client.auth.password.requestReset.mutate({ email: `unknown-${index}@example.test` }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(20);
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as ClientFailure] : [],
    );
    expect(
      refused.every((failure) => failure.data.code === "TOO_MANY_REQUESTS" && failure.data.reason === "rate_limited"),
    ).toBe(true);
  });
});

describe("confirmation email resends", () => {
  it("queues at most 5 confirmation emails per user, even asked for in one batched request", async () => {
    const account = await harness.signUp("resender");
    const client = harness.client(account.session.accessToken);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.auth.email.requestConfirmation.mutate()),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(5);
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as ClientFailure] : [],
    );
    expect(refused.map((failure) => failure.data.code)).toEqual(Array(5).fill("TOO_MANY_REQUESTS"));
  });
});
