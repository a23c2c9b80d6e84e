import { withSystem } from "@cauldron/db";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { recordSecurityEvent, userAggregate } from "../security/security-events";
import { createOpaqueToken, hashOpaqueToken } from "../tokens/opaque-token";

/** Emails a confirmation link; a failed delivery is logged, never surfaced (the user can ask again). */
export async function sendConfirmationEmail(
  ctx: Pick<RequestContext, "logger">,
  runtime: AuthRuntime,
  email: string,
  token: string,
): Promise<void> {
  const link = `${runtime.config.AUTH_APP_URL}/confirm-email?token=${encodeURIComponent(token)}`;
  await runtime.email
    .send({
      to: email,
      subject: "Confirm your email address",
      text: `Confirm your email address by opening this link: ${link}\nIf you did not sign up, ignore this message.`,
      link,
      template: "email_confirmation",
    })
    .catch((error: unknown) => ctx.logger.error({ err: error }, "could not send the confirmation email"));
}

/** Sends the signed-in user a fresh confirmation link, unless their address is confirmed already. */
export async function requestEmailConfirmation(
  ctx: RequestContext,
  runtime: AuthRuntime,
  userId: string,
): Promise<{ sent: boolean }> {
  const token = createOpaqueToken();
  const user = await withSystem(ctx.db, (trx) =>
    trx
      .updateTable("users")
      .set({
        email_verification_token_hash: token.hash,
        email_verification_expires_at: new Date(Date.now() + runtime.config.EMAIL_CONFIRMATION_TTL_SECONDS * 1000),
      })
      .where("id", "=", userId)
      .where("email_verified_at", "is", null)
      .returning("email")
      .executeTakeFirst(),
  );
  if (!user) return { sent: false };
  const limit = [{ limit: runtime.limits.emailsPerAddress, key: user.email }];
  await runtime.limiter.assertAllowed(limit, "Too many emails to this address");
  await runtime.limiter.hit(limit);
  await sendConfirmationEmail(ctx, runtime, user.email, token.token);
  return { sent: true };
}

/** Confirms the address a single-use, expiring link was sent to. */
export async function confirmEmail(ctx: RequestContext, token: string): Promise<{ userId: string }> {
  return withSystem(ctx.db, async (trx) => {
    const user = await trx
      .updateTable("users")
      .set({ email_verified_at: new Date(), email_verification_token_hash: null, email_verification_expires_at: null })
      .where("email_verification_token_hash", "=", hashOpaqueToken(token))
      .where("email_verification_expires_at", ">", new Date())
      .returning("id")
      .executeTakeFirst();
    if (!user) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "This confirmation link is invalid or has expired; request a new one",
      });
    }
    await recordSecurityEvent(
      trx,
      ctx,
      { action: "user.email_confirmed", organizationId: null, target: { type: "user", id: user.id } },
      { name: "user.email_confirmed", payload: { userId: user.id }, aggregate: userAggregate(user.id) },
    );
    return { userId: user.id };
  });
}
