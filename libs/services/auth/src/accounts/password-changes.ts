import { withSystem } from "@cauldron/db";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { revokeAllApiTokens } from "../api-tokens/revoke-api-tokens";
import type { AuthRuntime } from "../auth-runtime";
import { clientAddress, passwordAttemptLimits } from "../security/attempt-limits";
import { actingAs, recordSecurityEvent, userAggregate } from "../security/security-events";
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
    await recordSecurityEvent(
      trx,
      ctx,
      { action: "user.password_changed", organizationId: null, target: { type: "user", id: user.userId } },
      { name: "user.password_changed", payload: { userId: user.userId, method: "change" }, aggregate: userAggregate(user.userId) },
    );
    return endSessions(trx, ctx, user.userId, { allExcept: user.sessionId }, "password_changed");
  });
  await runtime.revocations.markSessionsRevoked(ended);
  return { revokedSessions: ended.length };
}

/**
 * Emails a single-use, expiring reset link when the address belongs to an active account. The
 * answer is the same either way, so it reveals no accounts: a known address only queues an email in
 * the outbox, and its link is minted when the email worker sends it. Requests are limited per
 * client (TOO_MANY_REQUESTS); emails per address are capped silently, so a stranger can neither
 * flood an inbox nor learn anything, and the owner's latest link keeps working meanwhile.
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
    if (!found) return;
    const request = actingAs(ctx, found.id, null);
    await recordSecurityEvent(trx, request, {
      action: "user.password_reset_requested",
      organizationId: null,
      target: { type: "user", id: found.id },
    });
    await requestAccountEmail(trx, request, "password_reset", found.id);
  });
}

/**
 * Sets a new password with a reset token (once, before it expires), signs out every session and
 * revokes every API token: whoever knew the old password may hold either.
 */
export async function resetPassword(
  ctx: RequestContext,
  runtime: AuthRuntime,
  input: { token: string; newPassword: string },
): Promise<void> {
  const passwordHash = await runtime.passwords.hash(input.newPassword);
  const outcome = await withSystem(ctx.db, async (trx) => {
    const user = await trx
      .updateTable("users")
      .set((eb) => ({
        password_hash: passwordHash,
        password_reset_token_hash: null,
        password_reset_expires_at: null,
        // Following the link proved control of the address.
        email_verified_at: eb.fn.coalesce("email_verified_at", eb.val(new Date())),
      }))
      .where("password_reset_token_hash", "=", hashOpaqueToken(input.token))
      .where("password_reset_expires_at", ">", new Date())
      .where("disabled_at", "is", null)
      .returning(["id", "email"])
      .executeTakeFirst();
    if (!user) return null;
    const request = actingAs(ctx, user.id, null);
    const revokedApiTokens = await revokeAllApiTokens(trx, request, user.id);
    await recordSecurityEvent(
      trx,
      request,
      {
        action: "user.password_reset",
        organizationId: null,
        target: { type: "user", id: user.id },
        metadata: { revokedApiTokens },
      },
      { name: "user.password_changed", payload: { userId: user.id, method: "reset" }, aggregate: userAggregate(user.id) },
    );
    const ended = await endSessions(trx, request, user.id, { allExcept: null }, "password_changed");
    return { user, ended };
  });
  if (!outcome) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "This reset link is invalid, used or expired; request a new one" });
  }
  await runtime.revocations.markSessionsRevoked(outcome.ended);
  await runtime.limiter.reset(passwordAttemptLimits(runtime, ctx, outcome.user.email).accountFromClient);
}
