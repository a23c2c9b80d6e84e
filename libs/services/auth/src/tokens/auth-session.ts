import type { AuthSession } from "@cauldron/contracts";
import type { AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import type { AuthRuntime } from "../auth-runtime";
import type { SignedAccessToken } from "../keys/signing-key-ring";

/** A session as the client is told of it. */
export interface IssuedSession {
  userId: string;
  email: string;
  sessionId: string;
  refreshToken: string;
  aal: AuthenticatorAssuranceLevel;
}

/** Signs the access token of a session. */
export function signSessionAccess(
  runtime: AuthRuntime,
  session: Pick<IssuedSession, "userId" | "sessionId" | "aal">,
): Promise<SignedAccessToken> {
  return runtime.keys.signAccessToken({ userId: session.userId, sessionId: session.sessionId, aal: session.aal });
}

/** Packs a session's signed access token with its refresh token for the client. */
export function toAuthSession(access: SignedAccessToken, session: IssuedSession): AuthSession {
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

/** Signs the access token of a session and packs it with the refresh token for the client. */
export async function issueAuthSession(runtime: AuthRuntime, session: IssuedSession): Promise<AuthSession> {
  return toAuthSession(await signSessionAccess(runtime, session), session);
}
