import type { AuthSession } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { endSessions } from "../sessions/end-sessions";
import { rotateRefreshToken } from "../sessions/refresh-rotation";
import { deleteEndedSessions } from "../sessions/session-cleanup";
import { actingAs } from "../security/security-events";
import { issueAuthSession } from "../tokens/auth-session";

/**
 * Exchanges a refresh token for a new access token and a new refresh token. Presenting a spent
 * refresh token after the grace window signs the whole session out: it means the token leaked.
 */
export async function refreshSession(
  ctx: RequestContext,
  runtime: AuthRuntime,
  refreshToken: string,
): Promise<AuthSession> {
  const successorKey = await runtime.successorKey();
  const outcome = await withSystem(ctx.db, async (trx) => {
    const result = await rotateRefreshToken(trx, {
      refreshToken,
      client: { ip: ctx.ip, userAgent: ctx.userAgent },
      ttlSeconds: runtime.config.REFRESH_TOKEN_TTL_SECONDS,
      graceSeconds: runtime.config.REFRESH_REUSE_GRACE_SECONDS,
      absoluteLifetimeSeconds: runtime.config.SESSION_ABSOLUTE_LIFETIME_SECONDS,
      successorKey,
    });
    if (result.kind === "reused") {
      const request = actingAs(ctx, result.userId, result.sessionId);
      await endSessions(trx, request, result.userId, { sessionId: result.sessionId }, "refresh_token_reuse");
    }
    return result;
  });
  switch (outcome.kind) {
    case "reused":
      await runtime.revocations.markSessionsRevoked([outcome.sessionId]);
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "This refresh token was already used, so the session was signed out to protect it; sign in again",
      });
    case "lifetime_reached":
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "This session has reached its maximum lifetime; sign in again",
      });
    case "invalid":
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "The refresh token is invalid, expired or revoked; sign in again",
      });
  }
  await sweepEndedSessions(ctx, runtime, outcome.userId);
  return issueAuthSession(runtime, outcome);
}

// Each refresh clears its user's ended sessions in passing; a periodic job sweeps everyone else's.
async function sweepEndedSessions(ctx: RequestContext, runtime: AuthRuntime, userId: string): Promise<void> {
  try {
    await withSystem(ctx.db, (trx) =>
      deleteEndedSessions(trx, { userId, absoluteLifetimeSeconds: runtime.config.SESSION_ABSOLUTE_LIFETIME_SECONDS }),
    );
  } catch (error) {
    ctx.logger.warn({ err: error, requestId: ctx.requestId }, "could not delete ended sessions");
  }
}
