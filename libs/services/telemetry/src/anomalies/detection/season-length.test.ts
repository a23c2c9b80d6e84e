import { describe, expect, it } from "vitest";
import { seededNormal } from "../../forecasting/synthetic-noise";
import { detectSeasonLength } from "./season-length";

function seasonal(length: number, season: number, noiseSize: number, seed = 1): number[] {
  const noise = seededNormal(seed);
  return Array.from({ length }, (_, index) => 50 + 10 * Math.sin((2 * Math.PI * index) / season) + noiseSize * noise());
}

describe("detectSeasonLength", () => {
  it("finds the period of a noisy cycle, to within a few points for a long one seen only twice", () => {
    expect(detectSeasonLength(seasonal(600, 24, 3))).toBe(24);
    expect(detectSeasonLength(seasonal(1_000, 288, 0))).toBe(288);
    for (const seed of [1, 2, 3]) {
      expect(Math.abs(detectSeasonLength(seasonal(600, 288, 3, seed))! - 288)).toBeLessThanOrEqual(10);
    }
  });

  it("finds the period of a cycle riding on a trend", () => {
    const values = seasonal(400, 48, 2).map((value, index) => value + index * 0.5);
    expect(detectSeasonLength(values)).toBe(48);
  });

  it("reports a day rather than its multiples", () => {
    const noise = seededNormal(3);
    // A weekday/weekend pattern on top of a daily one: the day is the season to compare with.
    const values = Array.from(
      { length: 24 * 21 },
      (_, hour) => 20 * Math.sin((2 * Math.PI * hour) / 24) + (hour % 168 < 120 ? 5 : 0) + noise(),
    );
    expect(detectSeasonLength(values)).toBe(24);
  });

  it("finds no season in noise, a random walk or a flat line", () => {
    const noise = seededNormal(11);
    expect(detectSeasonLength(Array.from({ length: 600 }, () => noise()))).toBeNull();
    let level = 0;
    expect(detectSeasonLength(Array.from({ length: 600 }, () => (level += noise())))).toBeNull();
    expect(detectSeasonLength(Array.from({ length: 600 }, () => 7))).toBeNull();
  });

  it("needs the cycle at least twice", () => {
    expect(detectSeasonLength(seasonal(300, 200, 0))).toBeNull();
    expect(detectSeasonLength([1, 2, 3, 4, 5])).toBeNull();
  });
});
