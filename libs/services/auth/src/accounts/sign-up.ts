import type { AuthSession, SignUpInput } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { sendConfirmationEmail } from "./email-confirmation";
import { startSession } from "../sessions/session-store";
import { actingAs, recordSecurityEvent, userAggregate } from "../security/security-events";
import { issueAuthSession } from "../tokens/auth-session";
import { createOpaqueToken } from "../tokens/opaque-token";

/**
 * Creates an account (user and profile, no organization: the org service adds memberships), signs
 * it in, and emails a confirmation link.
 */
export async function signUp(ctx: RequestContext, runtime: AuthRuntime, input: SignUpInput): Promise<AuthSession> {
  const ipLimit = ctx.ip ? [{ limit: runtime.limits.signUpPerIp, key: ctx.ip }] : [];
  await runtime.limiter.assertAllowed(ipLimit, "Too many sign-ups from this address");
  await runtime.limiter.hit(ipLimit);
  const passwordHash = await runtime.passwords.hash(input.password);
  const confirmation = createOpaqueToken();
  const email = input.email.trim();
  const created = await withSystem(ctx.db, async (trx) => {
    const existing = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
      .executeTakeFirst();
    if (existing) {
      throw new TRPCError({
        code: "CONFLICT",
        message: "An account with this email already exists; sign in or reset your password",
      });
    }
    const user = await trx
      .insertInto("users")
      .values({
        email,
        display_name: input.displayName ?? null,
        password_hash: passwordHash,
        email_verification_token_hash: confirmation.hash,
        email_verification_expires_at: new Date(Date.now() + runtime.config.EMAIL_CONFIRMATION_TTL_SECONDS * 1000),
        last_login_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("user_profiles").values({ user_id: user.id, full_name: input.displayName ?? null }).execute();
    const session = await startSession(trx, {
      userId: user.id,
      aal: "aal1",
      client: { ip: ctx.ip, userAgent: ctx.userAgent },
      ttlSeconds: runtime.config.REFRESH_TOKEN_TTL_SECONDS,
    });
    await recordSecurityEvent(
      trx,
      actingAs(ctx, user.id, session.sessionId),
      { action: "user.signed_up", organizationId: null, target: { type: "user", id: user.id } },
      { name: "user.signed_up", payload: { userId: user.id, email, organizationId: null }, aggregate: userAggregate(user.id) },
    );
    return { userId: user.id, ...session };
  });
  await sendConfirmationEmail(ctx, runtime, email, confirmation.token);
  return issueAuthSession(runtime, { ...created, email, aal: "aal1" });
}
