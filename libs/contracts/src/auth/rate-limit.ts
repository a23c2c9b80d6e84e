/**
 * TOO_MANY_REQUESTS errors from the auth service end their message with
 * "retry after <seconds> seconds"; this reads the number back (null for other messages).
 */
export function retryAfterSecondsFrom(message: string): number | null {
  const match = /retry after (\d+) seconds?$/.exec(message);
  return match?.[1] ? Number(match[1]) : null;
}
