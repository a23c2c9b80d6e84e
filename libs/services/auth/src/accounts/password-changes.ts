import { randomUUID } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";
import { revokeAllApiTokens } from "../api-tokens/revoke-api-tokens";
import type { AuthRuntime } from "../auth-runtime";
import { clientAddress, passwordAttemptLimits } from "../security/attempt-limits";
import { actingAs, userAggregate } from "../security/security-events";
import { recordFactorChange } from "../mfa/second-factor";
import { endSessions } from "../sessions/end-sessions";
import { hashOpaqueToken } from "../tokens/opaque-token";
import { requestAccountEmail } from "./account-emails";

/** Changes the password after checking the current one; every other session is signed out. */
export async function changePassword(
  ctx: RequestContext,
  runtime: AuthRuntime,
  user: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<{ revokedSessions: number }> {
  const account = await withSystem(ctx.db, (trx) =>
    trx.selectFrom("users").select(["email", "password_hash"]).where("id", "=", user.userId).executeTakeFirstOrThrow(),
  );
  // Guesses at the current password count like sign-in attempts at the account from this client.
  const { accountFromClient } = passwordAttemptLimits(runtime, ctx, account.email);
  await runtime.limiter.enforce([accountFromClient], "Too many wrong passwords");
  if (!(await runtime.passwords.verify(account.password_hash, input.currentPassword))) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is not correct" });
  }
  await runtime.limiter.release([accountFromClient]);
  const passwordHash = await runtime.passwords.hash(input.newPassword);
  const ended = await withSystem(ctx.db, async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", user.userId).execute();
    await recordChange(trx, ctx, {
      action: "user.password_changed",
      organizationId: null,
      target: { type: "user", id: user.userId },
      events: [
        {
          name: "user.password_changed",
          payload: { userId: user.userId, method: "change" },
          aggregate: userAggregate(user.userId),
        },
      ],
    });
    return endSessions(trx, ctx, user.userId, { allExcept: user.sessionId }, "password_changed");
  });
  await runtime.revocations.markSessionsRevoked(ended);
  return { revokedSessions: ended.length };
}

/**
 * Emails a single-use, expiring reset link when the address belongs to an active account. The
 * answer is the same either way, and so are the writes: an audit row and one queued email, about
 * the account or, for an unknown address, about a random id the email worker finds no account for
 * and skips. The link is minted only when the worker sends, and the outbox never holds the address.
 * Requests are limited per client (TOO_MANY_REQUESTS); emails per address are capped silently, so
 * a stranger can neither flood an inbox nor learn anything, and the owner's latest link keeps
 * working meanwhile.
 */
export async function requestPasswordReset(ctx: RequestContext, runtime: AuthRuntime, email: string): Promise<void> {
  const address = email.trim().toLowerCase();
  await runtime.limiter.enforce(
    [{ limit: runtime.limits.passwordResetsPerClient, key: clientAddress(ctx) }],
    "Too many password reset requests from this address",
  );
  const emailAllowed = await runtime.limiter.consume([{ limit: runtime.limits.resetEmailsPerAddress, key: address }]);
  if (!emailAllowed.allowed) return;
  await withSystem(ctx.db, async (trx) => {
    const found = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
      .where("disabled_at", "is", null)
      .executeTakeFirst();
    const userId = found?.id ?? randomUUID();
    await recordChange(trx, ctx, {
      action: "user.password_reset_requested",
      organizationId: null,
      ...(found ? { target: { type: "user", id: found.id } } : {}),
    });
    await requestAccountEmail(trx, ctx, "password_reset", userId);
  });
}

const INVALID_RESET_LINK = "This reset link is invalid, used or expired; request a new one";

/**
 * Sets a new password with a reset token (once, before it expires), signs out every session and
 * revokes every API token: whoever knew the old password may hold either. Attempts are counted per
 * client before the token is looked up, and the new password is hashed only for a live token, so
 * junk tokens cost a cheap query and no hash. Following the link proves control of the address: if
 * it was unconfirmed, any second factor on the account is removed too, since whoever signed up
 * with the address may have enrolled it.
 */
export async function resetPassword(
  ctx: RequestContext,
  runtime: AuthRuntime,
  input: { token: string; newPassword: string },
): Promise<void> {
  await runtime.limiter.enforce(
    [{ limit: runtime.limits.passwordResetTokensPerClient, key: clientAddress(ctx) }],
    "Too many password reset attempts from this address",
  );
  const tokenHash = hashOpaqueToken(input.token);
  const holder = await withSystem(ctx.db, (trx) => liveResetTokenHolder(trx, tokenHash).executeTakeFirst());
  if (!holder) throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_RESET_LINK });
  const passwordHash = await runtime.passwords.hash(input.newPassword);
  const outcome = await withSystem(ctx.db, async (trx) => {
    // Locked and checked again: the token may have been used or replaced while the password hashed.
    const user = await liveResetTokenHolder(trx, tokenHash).where("id", "=", holder.id).forUpdate().executeTakeFirst();
    if (!user) return null;
    const claimsAddress = user.email_verified_at === null;
    const secondFactorRemoved = claimsAddress && user.mfa_totp_secret !== null;
    await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        password_reset_token_hash: null,
        password_reset_expires_at: null,
        email_verified_at: user.email_verified_at ?? new Date(),
        ...(claimsAddress
          ? { mfa_totp_secret: null, mfa_enabled_at: null, mfa_totp_last_step: null, mfa_recovery_code_hashes: [] }
          : {}),
      })
      .where("id", "=", user.id)
      .execute();
    const request = actingAs(ctx, user.id, null);
    const revokedApiTokens = await revokeAllApiTokens(trx, request, user.id);
    if (secondFactorRemoved) await recordFactorChange(trx, request, user.id, "unenrolled");
    await recordChange(trx, request, {
      action: "user.password_reset",
      organizationId: null,
      target: { type: "user", id: user.id },
      metadata: { revokedApiTokens, addressConfirmed: claimsAddress, secondFactorRemoved },
      events: [
        {
          name: "user.password_changed",
          payload: { userId: user.id, method: "reset" },
          aggregate: userAggregate(user.id),
        },
      ],
    });
    const ended = await endSessions(trx, request, user.id, { allExcept: null }, "password_changed");
    return { user, ended };
  });
  if (!outcome) throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_RESET_LINK });
  await runtime.revocations.markSessionsRevoked(outcome.ended);
  const limits = passwordAttemptLimits(runtime, ctx, outcome.user.email);
  await runtime.limiter.reset(limits.accountFromClient);
  // Whoever followed the link controls the address: this client may sign in past strangers' guesses.
  await runtime.knownClients.remember(limits.account.key, limits.client.key);
}

/** The active account holding a live reset token (by the token's hash). */
function liveResetTokenHolder(trx: Transaction<Database>, tokenHash: string) {
  return trx
    .selectFrom("users")
    .select(["id", "email", "email_verified_at", "mfa_totp_secret"])
    .where("password_reset_token_hash", "=", tokenHash)
    .where("password_reset_expires_at", ">", new Date())
    .where("disabled_at", "is", null);
}
