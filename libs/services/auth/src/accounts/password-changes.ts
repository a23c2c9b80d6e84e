import { withSystem } from "@cauldron/db";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { actingAs, recordSecurityEvent, userAggregate } from "../security/security-events";
import { endSessions } from "../sessions/end-sessions";
import { createOpaqueToken, hashOpaqueToken } from "../tokens/opaque-token";

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
  const limit = [{ limit: runtime.limits.signInPerAccount, key: account.email.toLowerCase() }];
  await runtime.limiter.assertAllowed(limit, "Too many wrong passwords");
  if (!(await runtime.passwords.verify(account.password_hash, input.currentPassword))) {
    await runtime.limiter.hit(limit);
    throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is not correct" });
  }
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
 * answer is the same either way, so it reveals no accounts.
 */
export async function requestPasswordReset(ctx: RequestContext, runtime: AuthRuntime, email: string): Promise<void> {
  const address = email.trim().toLowerCase();
  const limit = [{ limit: runtime.limits.emailsPerAddress, key: address }];
  await runtime.limiter.assertAllowed(limit, "Too many reset requests for this address");
  await runtime.limiter.hit(limit);
  const reset = createOpaqueToken();
  const user = await withSystem(ctx.db, async (trx) => {
    const found = await trx
      .updateTable("users")
      .set({
        password_reset_token_hash: reset.hash,
        password_reset_expires_at: new Date(Date.now() + runtime.config.PASSWORD_RESET_TTL_SECONDS * 1000),
      })
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
      .where("disabled_at", "is", null)
      .returning(["id", "email"])
      .executeTakeFirst();
    if (found) {
      await recordSecurityEvent(trx, actingAs(ctx, found.id, null), {
        action: "user.password_reset_requested",
        organizationId: null,
        target: { type: "user", id: found.id },
      });
    }
    return found;
  });
  if (!user) return;
  // Not awaited: a slow mail server must not make known addresses answer slower than unknown ones.
  const link = `${runtime.config.AUTH_APP_URL}/reset-password?token=${encodeURIComponent(reset.token)}`;
  const minutes = Math.round(runtime.config.PASSWORD_RESET_TTL_SECONDS / 60);
  void runtime.email
    .send({
      to: user.email,
      subject: "Reset your password",
      text:
        `Someone asked to reset your password. To choose a new one, open this link within ${minutes} minutes: ${link}\n` +
        "If it was not you, ignore this message.",
      link,
      template: "password_reset",
    })
    .catch((error: unknown) => ctx.logger.error({ err: error }, "could not send the password reset email"));
}

/** Sets a new password with a reset token (once, before it expires) and signs out every session. */
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
    await recordSecurityEvent(
      trx,
      request,
      { action: "user.password_reset", organizationId: null, target: { type: "user", id: user.id } },
      { name: "user.password_changed", payload: { userId: user.id, method: "reset" }, aggregate: userAggregate(user.id) },
    );
    const ended = await endSessions(trx, request, user.id, { allExcept: null }, "password_changed");
    return { user, ended };
  });
  if (!outcome) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "This reset link is invalid, used or expired; request a new one" });
  }
  await runtime.revocations.markSessionsRevoked(outcome.ended);
  await runtime.limiter.clear(runtime.limits.signInPerAccount, outcome.user.email.toLowerCase());
}
