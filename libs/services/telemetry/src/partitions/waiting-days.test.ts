import { describe, expect, it } from "vitest";
import { uncoveredRanges } from "./waiting-days";

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (n: number) => n * DAY_MS;

describe("time no daily partition covers", () => {
  it("is everything before the oldest partition and each day missing between it and the bound", () => {
    expect(uncoveredRanges([day(10), day(11), day(13), day(14), day(20)], day(15))).toEqual([
      { to: day(10) },
      { from: day(12), to: day(13) },
    ]);
  });

  it("is everything before the bound when there is no partition, or none before the bound", () => {
    expect(uncoveredRanges([], day(15))).toEqual([{ to: day(15) }]);
    expect(uncoveredRanges([day(16), day(17)], day(15))).toEqual([{ to: day(15) }]);
  });
});
