import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { batchesOf, forEachInFlight } from "./bounded-concurrency";

describe("forEachInFlight", () => {
  it("works on every item once, never more than the limit at a time", async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachInFlight([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(item % 3);
      seen.push(item);
      inFlight -= 1;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it("fails with the first failure and starts no item after it", async () => {
    const started: number[] = [];
    const run = forEachInFlight([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error("item 1 failed");
      await sleep(5);
    });
    await expect(run).rejects.toThrow("item 1 failed");
    await sleep(20);
    expect(started).toEqual([0, 1]);
  });
});

describe("batchesOf", () => {
  it("cuts items into consecutive batches, the last one shorter", () => {
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf([], 2)).toEqual([]);
  });
});
