import { describe, expect, it } from "vitest";
import { ceilToLevel, floorToLevel, HOUR_LEVEL, rollupLevelFor } from "./rollup-levels";

describe("rollup levels", () => {
  it.each([
    [60, "1m"],
    [300, "1m"],
    [5_400, "1m"],
    [3_600, "1h"],
    [21_600, "1h"],
    [86_400, "1d"],
    [604_800, "1d"],
  ])("reads a %i-second bucket from the widest level dividing it", (seconds, level) => {
    expect(rollupLevelFor(seconds)?.name).toBe(level);
  });

  it.each([1, 30, 90, 150])("leaves a %i-second bucket to raw points", (seconds) => {
    expect(rollupLevelFor(seconds)).toBeUndefined();
  });

  it("rounds times down and up to whole hours, leaving whole hours as they are", () => {
    const between = new Date("2026-02-02T10:20:30.500Z");
    expect(floorToLevel(between, HOUR_LEVEL)).toEqual(new Date("2026-02-02T10:00:00Z"));
    expect(ceilToLevel(between, HOUR_LEVEL)).toEqual(new Date("2026-02-02T11:00:00Z"));
    expect(ceilToLevel(new Date("2026-02-02T10:00:00Z"), HOUR_LEVEL)).toEqual(new Date("2026-02-02T10:00:00Z"));
  });
});
