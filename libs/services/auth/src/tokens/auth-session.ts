import type { AuthSession } from "@cauldron/contracts";
import type { AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import type { AuthRuntime } from "../auth-runtime";

/** Signs the access token of a session and packs it with the refresh token for the client. */
export async function issueAuthSession(
  runtime: AuthRuntime,
  session: { userId: string; email: string; sessionId: string; refreshToken: string; aal: AuthenticatorAssuranceLevel },
): Promise<AuthSession> {
  const access = await runtime.keys.signAccessToken({
    userId: session.userId,
    sessionId: session.sessionId,
    aal: session.aal,
  });
  return {
    accessToken: access.token,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    expiresAt: access.expiresAt,
    refreshToken: session.refreshToken,
    sessionId: session.sessionId,
    aal: session.aal,
    user: { id: session.userId, email: session.email },
  };
}
