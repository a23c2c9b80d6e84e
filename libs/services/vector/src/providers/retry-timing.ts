/** How long to wait between attempts at an embedding endpoint. */
export interface RetryTiming {
  /** The first retry's delay before jitter; each later one doubles it. */
  baseDelayMs: number;
  /** The longest backoff delay. */
  maxDelayMs: number;
  /** The longest `Retry-After` worth waiting for; a longer one ends the call as rate limited. */
  longestRetryAfterMs: number;
  /** A number in [0, 1) for jitter. */
  random: () => number;
}

export const DEFAULT_RETRY_TIMING: RetryTiming = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  longestRetryAfterMs: 30_000,
  random: Math.random,
};

/**
 * The delay before retry number `retry` (0 for the first): exponential, capped, with "equal
 * jitter" (half fixed, half random) so replicas that failed together do not retry together,
 * yet never retry at once.
 */
export function backoffDelayMs(retry: number, timing: RetryTiming): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retry);
  return ceiling / 2 + timing.random() * (ceiling / 2);
}

/**
 * The wait an endpoint asked for, in ms, or undefined when it named none: `retry-after-ms`
 * (sent by OpenAI), else `Retry-After` as seconds or as an HTTP date.
 */
export function requestedWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
