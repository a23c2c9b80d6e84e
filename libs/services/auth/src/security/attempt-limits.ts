import { clientKey, rateLimitedError, type RateLimitCheck, type RequestContext } from "@cauldron/rpc";
import type { AuthRuntime } from "../auth-runtime";

/** The key every per-client limit counts a request under (see clientKey: IPv6 by /64, unknown shared). */
export function clientAddress(ctx: Pick<RequestContext, "ip">): string {
  return clientKey(ctx.ip);
}

/**
 * The limits one password attempt counts against: the account from this client, the account from
 * every client, and this client across accounts. Keying the first by client is what keeps a
 * stranger's guesses from locking the owner out: they use up only their own client's attempts at
 * the account. The second bounds guessing from many clients; past it, sign-in lets through only
 * clients the account signed in from before.
 */
export function passwordAttemptLimits(
  runtime: AuthRuntime,
  ctx: Pick<RequestContext, "ip">,
  email: string,
): { accountFromClient: RateLimitCheck; account: RateLimitCheck; client: RateLimitCheck } {
  const client = clientAddress(ctx);
  const account = email.trim().toLowerCase();
  return {
    accountFromClient: { limit: runtime.limits.signInPerAccountClient, key: `${account} ${client}` },
    account: { limit: runtime.limits.signInPerAccount, key: account },
    client: { limit: runtime.limits.signInPerClient, key: client },
  };
}

/** A counted sign-in attempt: its limits, and whether it counted against the account across clients. */
export interface SignInAttempt {
  limits: ReturnType<typeof passwordAttemptLimits>;
  countedAcrossClients: boolean;
}

const TOO_MANY_SIGN_INS = "Too many sign-in attempts";

/**
 * Counts a sign-in attempt before its password is checked, or refuses it with TOO_MANY_REQUESTS.
 * Once the account's attempts across clients are used up, only a client the account signed in
 * from before may still try (on its own per-client count), so the owner keeps getting in while
 * strangers guess from many addresses.
 */
export async function countSignInAttempt(
  runtime: AuthRuntime,
  ctx: Pick<RequestContext, "ip">,
  email: string,
): Promise<SignInAttempt> {
  const limits = passwordAttemptLimits(runtime, ctx, email);
  // Both counts go to Redis together; the rare attempt refused for this client gives the account's back.
  const [fromClient, acrossClients] = await Promise.all([
    runtime.limiter.consume([limits.accountFromClient, limits.client]),
    runtime.limiter.consume([limits.account]),
  ]);
  if (!fromClient.allowed) {
    if (acrossClients.allowed) await runtime.limiter.release([limits.account]);
    throw rateLimitedError(TOO_MANY_SIGN_INS, fromClient.retryAfterSeconds);
  }
  if (acrossClients.allowed) return { limits, countedAcrossClients: true };
  if (await runtime.knownClients.has(limits.account.key, limits.client.key))
    return { limits, countedAcrossClients: false };
  // A refused attempt does no work, so it counts against nothing.
  await runtime.limiter.release([limits.accountFromClient, limits.client]);
  throw rateLimitedError(
    `${TOO_MANY_SIGN_INS} at this account from unfamiliar addresses; sign in from a device you signed in from before, or reset your password`,
    acrossClients.retryAfterSeconds,
  );
}

/**
 * Settles a sign-in attempt whose password was right: clears the account's count for this client,
 * gives the other limits their attempt back, and remembers the client as one the account uses.
 */
export async function signInSucceeded(runtime: AuthRuntime, attempt: SignInAttempt): Promise<void> {
  const { limits } = attempt;
  // Three independent keys: sent together, they cost one round trip to Redis instead of three.
  await Promise.all([
    runtime.limiter.reset(limits.accountFromClient),
    runtime.limiter.release(attempt.countedAcrossClients ? [limits.client, limits.account] : [limits.client]),
    runtime.knownClients.remember(limits.account.key, limits.client.key),
  ]);
}
