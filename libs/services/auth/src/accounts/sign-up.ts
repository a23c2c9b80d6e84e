import type { SignUpInput, SignUpResult } from "@cauldron/contracts";
import { withSystem, type Database } from "@cauldron/db";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import type { AuthRuntime } from "../auth-runtime";
import { requestAccountEmail } from "./account-emails";
import { startSession } from "../sessions/session-store";
import { clientAddress } from "../security/attempt-limits";
import { actingAs, userAggregate } from "../security/security-events";
import { issueAuthSession } from "../tokens/auth-session";

const CHECK_EMAIL: SignUpResult = { status: "check_email" };

/**
 * Creates an account (user and profile, no organization: the org service adds memberships) and
 * emails a confirmation link. An address that already has an account gets no second one: its
 * owner is emailed instead, and the caller gets the same answer after the same work (the password
 * is hashed either way), so sign-up reveals no accounts. Emails to one address are capped per
 * window (signUpEmailsPerAddress). Only when email confirmation is optional is a new account
 * signed in at once.
 */
export async function signUp(ctx: RequestContext, runtime: AuthRuntime, input: SignUpInput): Promise<SignUpResult> {
  await runtime.limiter.enforce(
    [{ limit: runtime.limits.signUpPerClient, key: clientAddress(ctx) }],
    "Too many sign-ups from this address",
  );
  const passwordHash = await runtime.passwords.hash(input.password);
  const email = input.email.trim();
  // Past the cap the answer is unchanged but nothing is sent, so sign-up cannot flood an inbox.
  const emailAllowed = (
    await runtime.limiter.consume([{ limit: runtime.limits.signUpEmailsPerAddress, key: email.toLowerCase() }])
  ).allowed;
  const signInNow = !runtime.config.emailConfirmationRequired;
  const outcome = await withSystem(ctx.db, async (trx) => {
    // Two sign-ups with one address wait for each other, so the second finds the first's account.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-up:${email.toLowerCase()}`}, 0))`.execute(trx);
    const existing = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
      .executeTakeFirst();
    if (existing) {
      const request = actingAs(ctx, existing.id, null);
      await recordChange(trx, request, {
        action: "user.sign_up_with_existing_email",
        organizationId: null,
        target: { type: "user", id: existing.id },
      });
      if (emailAllowed) await requestAccountEmail(trx, request, "sign_up_existing_account", existing.id);
      return { kind: "existing" as const };
    }
    const userId = await createAccount(trx, runtime, { ...input, email }, passwordHash);
    const session = signInNow
      ? await startSession(trx, {
          userId,
          aal: "aal1",
          client: { ip: ctx.ip, userAgent: ctx.userAgent },
          ttlSeconds: runtime.config.REFRESH_TOKEN_TTL_SECONDS,
        })
      : null;
    const request = actingAs(ctx, userId, session?.sessionId ?? null);
    await recordChange(trx, request, {
      action: "user.signed_up",
      organizationId: null,
      target: { type: "user", id: userId },
      events: [
        {
          name: "user.signed_up",
          payload: { userId, email, organizationId: null, ipAddress: ctx.ip, userAgent: ctx.userAgent },
          aggregate: userAggregate(userId),
        },
      ],
    });
    if (emailAllowed) await requestAccountEmail(trx, request, "email_confirmation", userId);
    return { kind: "created" as const, userId, session };
  });
  // Either way one email was queued (or, past the cap, none), so a mail server cannot tell the answers apart.
  if (outcome.kind === "existing" || !outcome.session) return CHECK_EMAIL;
  const session = await issueAuthSession(runtime, { userId: outcome.userId, email, aal: "aal1", ...outcome.session });
  return { status: "signed_in", session };
}

async function createAccount(
  trx: Transaction<Database>,
  runtime: AuthRuntime,
  input: SignUpInput,
  passwordHash: string,
): Promise<string> {
  const user = await trx
    .insertInto("users")
    .values({
      email: input.email,
      display_name: input.displayName ?? null,
      password_hash: passwordHash,
      last_login_at: runtime.config.emailConfirmationRequired ? null : new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("user_profiles")
    .values({ user_id: user.id, full_name: input.displayName ?? null })
    .execute();
  return user.id;
}
