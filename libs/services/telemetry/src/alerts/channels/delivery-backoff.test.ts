import { describe, expect, it } from "vitest";
import { afterFailedAttempt, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "./delivery-backoff";

describe("delivery backoff", () => {
  it("waits 30 s after the first failure and doubles up to an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it("schedules another try until the last attempt, then fails the delivery", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(afterFailedAttempt(2, now)).toEqual({ status: "pending", nextAttemptAt: new Date("2026-03-01T12:01:00Z") });
    expect(afterFailedAttempt(MAX_DELIVERY_ATTEMPTS - 1, now).status).toBe("pending");
    expect(afterFailedAttempt(MAX_DELIVERY_ATTEMPTS, now)).toEqual({ status: "failed" });
  });
});
