import { describe, expect, it } from "vitest";
import { RequestRateLimit } from "./request-rate-limit";
import { backoffDelayMs, requestedWaitMs, type RetryTiming } from "./retry-timing";

const timing = (random: number): RetryTiming => ({
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  longestRetryAfterMs: 5_000,
  random: () => random,
});

describe("backoff between attempts", () => {
  it("doubles from the base up to the cap, with half of each delay jittered", () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, timing(0)))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, timing(0.999999)))).toEqual(
      [100, 200, 400, 800, 1000, 1000].map((ms) => expect.closeTo(ms, 2)),
    );
  });
});

describe("the wait an endpoint asks for", () => {
  it("reads Retry-After as seconds or as an HTTP date, and OpenAI's retry-after-ms first", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(requestedWaitMs(new Headers({ "retry-after": "3" }), now)).toBe(3_000);
    expect(requestedWaitMs(new Headers({ "retry-after": "1.5" }), now)).toBe(1_500);
    expect(requestedWaitMs(new Headers({ "retry-after": "Wed, 02 Dec 2026 10:00:20 GMT" }), now)).toBe(20_000);
    expect(requestedWaitMs(new Headers({ "retry-after": "Wed, 02 Dec 2026 09:00:00 GMT" }), now)).toBe(0);
    expect(requestedWaitMs(new Headers({ "retry-after": "3", "retry-after-ms": "250" }), now)).toBe(250);
    expect(requestedWaitMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(requestedWaitMs(new Headers(), now)).toBeUndefined();
  });
});

describe("the request rate limit", () => {
  it("lets a second's worth through at once, then spaces requests evenly", () => {
    const limit = new RequestRateLimit(2);
    expect([limit.reserve(0), limit.reserve(0), limit.reserve(0), limit.reserve(0)]).toEqual([0, 0, 500, 1_000]);
  });

  it("refills with time, never beyond one second's worth", () => {
    const limit = new RequestRateLimit(2);
    limit.reserve(0);
    limit.reserve(0);
    expect(limit.reserve(500)).toBe(0);
    expect(limit.reserve(10_000)).toBe(0);
    expect(limit.reserve(10_000)).toBe(0);
    expect(limit.reserve(10_000)).toBe(500);
  });

  it("allows rates below one request a second", () => {
    const limit = new RequestRateLimit(0.5);
    expect([limit.reserve(0), limit.reserve(0), limit.reserve(1_000)]).toEqual([0, 2_000, 3_000]);
  });
});
