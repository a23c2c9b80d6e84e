import { createAuthClient } from "@cauldron/client";
import type { AuthSession } from "@cauldron/contracts";
import { withDeadline } from "./request-deadline";

/** Refresh this long before the access token expires (a third of its life if that is shorter). */
const REFRESH_MARGIN_MS = 120_000;
const REFRESH_TIMEOUT_MS = 10_000;

/** A signed-in user whose access token stays fresh for as long as a load runs. */
export interface OwnerSession {
  userId: string;
  email: string;
  /** The current access token, refreshed (rotating the refresh token) when it nears its expiry. */
  accessToken(): Promise<string>;
}

/**
 * Keeps `session` usable past its access token's lifetime (15 minutes by default). A refresh that
 * fails (auth restarting, Postgres down) keeps the current token and is tried again on the next
 * request, so an outage shows as that request's own failure, not as a stuck session.
 */
export function keepSessionFresh(authUrl: string, initial: AuthSession): OwnerSession {
  const auth = createAuthClient({ url: authUrl });
  let session = initial;
  let refreshing: Promise<void> | undefined;

  const refresh = async () => {
    try {
      session = await withDeadline(REFRESH_TIMEOUT_MS, (signal) =>
        auth.auth.refresh.mutate({ refreshToken: session.refreshToken }, { signal }),
      );
    } catch {
      // The token in hand still serves until it expires; the next request tries again.
    } finally {
      refreshing = undefined;
    }
  };

  return {
    userId: initial.user.id,
    email: initial.user.email,
    async accessToken() {
      const margin = Math.min(REFRESH_MARGIN_MS, (session.expiresIn * 1_000) / 3);
      if (session.expiresAt.getTime() - Date.now() < margin) {
        refreshing ??= refresh();
        await refreshing;
      }
      return session.accessToken;
    },
  };
}
