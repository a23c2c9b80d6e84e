import type { RateLimitCheck, RequestContext } from "@cauldron/rpc";
import type { AuthRuntime } from "../auth-runtime";

/** The client address a request is counted under; requests whose address is unknown share one. */
export function clientAddress(ctx: Pick<RequestContext, "ip">): string {
  return ctx.ip ?? "unknown";
}

/**
 * The limits one password attempt counts against: the account from this client, and this client
 * across accounts. Keying the account's limit by client is what keeps a stranger's guesses from
 * locking the owner out: they use up only their own address's attempts at the account.
 */
export function passwordAttemptLimits(
  runtime: AuthRuntime,
  ctx: Pick<RequestContext, "ip">,
  email: string,
): { accountFromClient: RateLimitCheck; client: RateLimitCheck } {
  const client = clientAddress(ctx);
  return {
    accountFromClient: { limit: runtime.limits.signInPerAccountClient, key: `${email.trim().toLowerCase()} ${client}` },
    client: { limit: runtime.limits.signInPerClient, key: client },
  };
}
