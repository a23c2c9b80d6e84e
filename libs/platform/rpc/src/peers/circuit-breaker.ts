/** Where a breaker stands: calls pass (closed), are refused (open), or one trial call passes (half-open). */
export type CircuitState = "closed" | "open" | "half-open";

/** When a breaker opens and how long it stays open. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it refuses calls before letting one trial call through. */
  cooldownMs: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * Stops calling a peer that keeps failing, so a caller answers at once instead of queueing
 * requests behind timeouts, and lets one call through after a cool-down to learn whether it is back.
 */
export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open only the first asker gets true until it reports. */
  tryAcquire(): boolean;
  /** The peer answered (even with a refusal): closes the breaker. */
  recordSuccess(): void;
  /** The peer failed (no answer, a timeout, a server error): counts toward opening. */
  recordFailure(): void;
  state(): CircuitState;
  /** Milliseconds until an open breaker lets a trial call through (0 otherwise). */
  retryAfterMs(): number;
}

/** Builds a breaker that opens after `failureThreshold` consecutive failures and half-opens after `cooldownMs`. */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): CircuitState => {
    if (openedAt === null) return "closed";
    return now() - openedAt >= options.cooldownMs ? "half-open" : "open";
  };

  return {
    tryAcquire() {
      const current = state();
      if (current === "closed") return true;
      if (current === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    recordFailure() {
      failures += 1;
      // A failed trial reopens at once; otherwise the threshold decides.
      if (trialInFlight || failures >= options.failureThreshold) openedAt = now();
      trialInFlight = false;
    },
    state,
    retryAfterMs() {
      return openedAt === null ? 0 : Math.max(0, options.cooldownMs - (now() - openedAt));
    },
  };
}
