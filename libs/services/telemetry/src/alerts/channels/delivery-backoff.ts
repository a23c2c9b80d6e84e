/** Sends a delivery is given before it is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 8;

const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** How long to wait after the `attempts`-th failed send: 30 s, doubling each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), LONGEST_RETRY_MS);
}

/** What becomes of a delivery after a failed send: another try at a time, or failed for good. */
export function afterFailedAttempt(
  attempts: number,
  now: Date,
): { status: "pending"; nextAttemptAt: Date } | { status: "failed" } {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: "failed" };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
