import { withSystem } from "@cauldron/db";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { userAggregate } from "../security/security-events";
import { hashOpaqueToken } from "../tokens/opaque-token";
import { requestAccountEmail } from "./account-emails";

/**
 * Queues a fresh confirmation link for the signed-in user, unless their address is confirmed
 * already; the new link replaces the previous one when it is sent.
 */
export async function requestEmailConfirmation(
  ctx: RequestContext,
  runtime: AuthRuntime,
  userId: string,
): Promise<{ sent: boolean }> {
  await runtime.limiter.enforce(
    [{ limit: runtime.limits.confirmationEmailsPerUser, key: userId }],
    "Too many confirmation emails requested",
  );
  return withSystem(ctx.db, async (trx) => {
    const unconfirmed = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", userId)
      .where("email_verified_at", "is", null)
      .executeTakeFirst();
    if (!unconfirmed) return { sent: false };
    await requestAccountEmail(trx, ctx, "email_confirmation", userId);
    return { sent: true };
  });
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
    await recordChange(trx, ctx, {
      action: "user.email_confirmed",
      organizationId: null,
      target: { type: "user", id: user.id },
      events: [{ name: "user.email_confirmed", payload: { userId: user.id }, aggregate: userAggregate(user.id) }],
    });
    return { userId: user.id };
  });
}
