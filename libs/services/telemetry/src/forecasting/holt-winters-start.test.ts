import { describe, expect, it } from "vitest";
import { holtWintersStart } from "./holt-winters-start";

describe("holtWintersStart", () => {
  it("reads trend, level before the first value and centred season effects off an exact series", () => {
    const profile = [3, -1, 4, -2];
    const values = Array.from({ length: 16 }, (_, t) => 20 + 0.5 * t + profile[t % 4]!);
    const start = holtWintersStart(values, 4, "additive");
    expect(start.trend).toBeCloseTo(0.5, 12);
    expect(start.level).toBeCloseTo(20 - 0.5 + 1, 12);
    start.season.forEach((effect, j) => expect(effect).toBeCloseTo(profile[j]! - 1, 12));
  });

  it("gives multiplicative effects averaging 1", () => {
    const profile = [0.5, 1, 1.5];
    const values = Array.from({ length: 9 }, (_, t) => 40 * profile[t % 3]!);
    const start = holtWintersStart(values, 3, "multiplicative");
    expect(start.trend).toBeCloseTo(0, 12);
    expect(start.level).toBeCloseTo(40, 12);
    start.season.forEach((effect, j) => expect(effect).toBeCloseTo(profile[j]!, 12));
  });
});
