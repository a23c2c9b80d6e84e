/**
 * A token bucket for one model's requests from this process: up to one second's worth of
 * requests at once, then `requestsPerSecond`. A request that finds the bucket empty takes a
 * token on credit and is told how long to wait, so concurrent callers queue in arrival order.
 */
export class RequestRateLimit {
  private readonly capacity: number;
  private tokens: number;
  private refilledAt: number | undefined;

  constructor(private readonly requestsPerSecond: number) {
    this.capacity = Math.max(1, requestsPerSecond);
    this.tokens = this.capacity;
  }

  /** Takes a token for a request about to be sent at `now` (ms) and returns how many ms it must wait first. */
  reserve(now: number): number {
    if (this.refilledAt !== undefined) {
      const earned = ((now - this.refilledAt) * this.requestsPerSecond) / 1000;
      this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, earned));
    }
    this.refilledAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.requestsPerSecond);
  }
}
