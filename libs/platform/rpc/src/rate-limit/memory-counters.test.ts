import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryCounters } from "./memory-counters";

const once = (key: string, windowMs = 60_000) => [{ key, max: 1, windowMs }];

afterEach(() => {
  vi.useRealTimers();
});

describe("memory counters", () => {
  it("never holds more than its maximum, however many keys arrive", () => {
    const counters = createMemoryCounters(50);
    for (let key = 0; key < 1_000; key += 1) counters.consume(once(`client-${key}`));
    expect(counters.size).toBe(50);
  });

  it("forgets the oldest key first when full, and only that one", () => {
    const counters = createMemoryCounters(3);
    for (const key of ["a", "b", "c"]) expect(counters.consume(once(key)).allowed).toBe(true);
    expect(counters.consume(once("d")).allowed).toBe(true);
    // "a" was forgotten to make room; "b" and "c" still hold their used-up limits.
    expect(counters.consume(once("b")).allowed).toBe(false);
    expect(counters.consume(once("c")).allowed).toBe(false);
    expect(counters.consume(once("a")).allowed).toBe(true);
    // Taking "a" back in pushed out "b", now the oldest; "c" and "d" remain.
    expect(counters.consume(once("c")).allowed).toBe(false);
    expect(counters.consume(once("d")).allowed).toBe(false);
    expect(counters.consume(once("b")).allowed).toBe(true);
  });

  it("sweeps expired counters a few at a time as calls arrive, without a timer", () => {
    vi.useFakeTimers();
    const counters = createMemoryCounters(1_000);
    for (let key = 0; key < 200; key += 1) counters.consume(once(`short-${key}`, 1_000));
    expect(counters.size).toBe(200);
    vi.setSystemTime(Date.now() + 2_000);
    for (let call = 0; call < 100; call += 1) counters.consume(once(`later-${call}`));
    expect(vi.getTimerCount()).toBe(0);
    expect(counters.size).toBe(100);
  });
});
