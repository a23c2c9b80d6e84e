/** Exponential backoff: `baseMs` before the second attempt, doubling each time, never above `maxMs`. */
export function retryDelay(failedAttempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
}

/** Waits `ms`, or less when `signal` aborts first. Never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
