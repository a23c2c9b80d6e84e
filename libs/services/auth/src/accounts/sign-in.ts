import type { AuthSession, SignInInput } from "@cauldron/contracts";
import { randomUUID } from "node:crypto";
import { sendUnanswered, withSystem } from "@cauldron/db";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { countSignInAttempt, signInSucceeded } from "../security/attempt-limits";
import { actingAs, userAggregate } from "../security/security-events";
import { startSession, type StartedSession } from "../sessions/session-store";
import { signSessionAccess, toAuthSession } from "../tokens/auth-session";

const INVALID_CREDENTIALS = "Invalid email or password";

/**
 * Signs in with email and password. An unknown email and a wrong password get the same error after
 * the same work (a dummy hash is verified), so answers reveal no accounts. Each attempt is counted
 * before the password is checked (see countSignInAttempt); past a limit the answer is
 * TOO_MANY_REQUESTS. The right password clears the account's count for this client, gives the
 * other limits their attempt back and makes this client one the account is known to use.
 */
export async function signIn(ctx: RequestContext, runtime: AuthRuntime, input: SignInInput): Promise<AuthSession> {
  const email = input.email.trim().toLowerCase();
  // The account is looked up while the attempt is counted (Redis): a refused attempt only discards the read.
  const [attempt, user] = await Promise.all([
    countSignInAttempt(runtime, ctx, email),
    withSystem(
      ctx.db,
      (trx) =>
        trx
          .selectFrom("users")
          .select(["id", "email", "password_hash", "disabled_at"])
          .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
          .executeTakeFirst(),
      { readOnly: true },
    ),
  ]);
  // The access token is signed while the password is checked (another thread): the event loop is
  // idle then. It leaves this process only if the password matched and the session committed.
  const sessionId = randomUUID();
  const access = user ? signSessionAccess(runtime, { userId: user.id, sessionId, aal: "aal1" }) : null;
  access?.catch(() => undefined);
  const passwordMatches = await runtime.passwords.verify(user?.password_hash ?? null, input.password);

  // `access` exists exactly when `user` does; naming both lets the type follow.
  if (!user || !access || !passwordMatches || user.disabled_at !== null) {
    const reason = user && passwordMatches ? "disabled" : "invalid_credentials";
    await withSystem(ctx.db, (trx) =>
      recordChange(trx, user ? actingAs(ctx, user.id, null) : ctx, {
        action: "user.sign_in_failed",
        organizationId: null,
        target: user ? { type: "user", id: user.id } : undefined,
        metadata: { email, reason },
        events: [
          {
            name: "user.sign_in_failed",
            payload: { userId: user?.id ?? null, reason },
            aggregate: { type: "user", id: user?.id ?? null },
          },
        ],
      }),
    );
    // Only someone who knows the password learns that the account is disabled.
    if (reason === "disabled") {
      throw new TRPCError({ code: "FORBIDDEN", message: "This account is disabled; contact an administrator" });
    }
    throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS });
  }

  // Settling the limits touches only Redis, so it runs while the session is written.
  const [session, , signed] = await Promise.all([
    startSignedInSession(ctx, runtime, user, input.password, sessionId),
    signInSucceeded(runtime, attempt),
    access,
  ]);
  return toAuthSession(signed, { userId: user.id, email: user.email, aal: "aal1", ...session });
}

/** Records the sign-in and starts its session, replacing a password hash made with outdated parameters. */
async function startSignedInSession(
  ctx: RequestContext,
  runtime: AuthRuntime,
  user: { id: string; password_hash: string | null },
  password: string,
  sessionId: string,
): Promise<StartedSession> {
  const rehash =
    user.password_hash && runtime.passwords.needsRehash(user.password_hash)
      ? await runtime.passwords.hash(password)
      : null;
  return withSystem(ctx.db, async (trx) => {
    await sendUnanswered(
      trx,
      trx
        .updateTable("users")
        .set({ last_login_at: new Date(), ...(rehash ? { password_hash: rehash } : {}) })
        .where("id", "=", user.id),
    );
    const started = await startSession(trx, {
      sessionId,
      userId: user.id,
      aal: "aal1",
      client: { ip: ctx.ip, userAgent: ctx.userAgent },
      ttlSeconds: runtime.config.REFRESH_TOKEN_TTL_SECONDS,
    });
    await recordChange(trx, actingAs(ctx, user.id, started.sessionId), {
      action: "user.signed_in",
      organizationId: null,
      target: { type: "session", id: started.sessionId },
      events: [
        {
          name: "user.signed_in",
          payload: {
            userId: user.id,
            sessionId: started.sessionId,
            aal: "aal1",
            ipAddress: ctx.ip,
            userAgent: ctx.userAgent,
          },
          aggregate: userAggregate(user.id),
        },
      ],
    });
    return started;
  });
}
