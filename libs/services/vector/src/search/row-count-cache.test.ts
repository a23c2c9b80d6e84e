import { afterEach, describe, expect, it, vi } from "vitest";
import { createRowCountCache } from "./row-count-cache";

afterEach(() => {
  vi.useRealTimers();
});

describe("the row count cache", () => {
  it("counts an organization's rows once while the count is fresh, and again after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = createRowCountCache({ ttlMs: 5_000, capacity: 10 });
    const count = vi.fn(async () => 42);
    expect(await cache.held("org", "model", count)).toBe(42);
    vi.setSystemTime(Date.now() + 4_999);
    expect(await cache.held("org", "model", count)).toBe(42);
    expect(count).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 2);
    await cache.held("org", "model", count);
    expect(count).toHaveBeenCalledTimes(2);
  });

  it("keeps organizations and models apart, and forgets the oldest past its capacity", async () => {
    const cache = createRowCountCache({ ttlMs: 60_000, capacity: 2 });
    await cache.held("a", "m", async () => 1);
    await cache.held("b", "m", async () => 2);
    expect(await cache.held("a", "n", async () => 3)).toBe(3);
    const recount = vi.fn(async () => 10);
    expect(await cache.held("b", "m", recount)).toBe(2);
    expect(await cache.held("a", "m", recount)).toBe(10);
    expect(recount).toHaveBeenCalledTimes(1);
  });
});
