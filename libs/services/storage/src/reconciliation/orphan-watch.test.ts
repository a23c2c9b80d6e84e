import { describe, expect, it } from "vitest";
import { OrphanWatch } from "./orphan-watch";

describe("OrphanWatch", () => {
  it("answers a key only once it has looked orphaned for the grace period", () => {
    const watch = new OrphanWatch(1_000);
    expect(watch.settle(["a", "b"], 0)).toEqual([]);
    expect(watch.settle(["a", "b"], 999)).toEqual([]);
    expect(watch.settle(["a", "b"], 1_000)).toEqual(["a", "b"]);
  });

  it("forgets a key that gained its row, so a later orphaning starts the grace period again", () => {
    const watch = new OrphanWatch(1_000);
    watch.settle(["a"], 0);
    watch.settle([], 500);
    expect(watch.settle(["a"], 1_200)).toEqual([]);
    expect(watch.settle(["a"], 2_200)).toEqual(["a"]);
  });
});
