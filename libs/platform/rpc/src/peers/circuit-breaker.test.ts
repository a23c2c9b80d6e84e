import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker";

describe("circuit breaker", () => {
  it("lets a single trial through when half-open, and reopens for a full cool-down when it fails", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => now });
    for (let failure = 0; failure < 3; failure += 1) breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(false);
    now = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    expect(breaker.retryAfterMs()).toBe(1_000);
  });

  it("counts only consecutive failures", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state()).toBe("closed");
  });
});
