import { describe, expect, it } from "vitest";
import { medianForecast, rankByBacktest } from "./m4-median-combination";
import type { M4Method } from "./m4-methods";

const point = (value: number, lower: number, upper: number) => ({
  step: 1,
  value,
  bands: [{ level: 80, lower, upper }],
});

describe("medianForecast", () => {
  it("takes the median of values and of each bound separately", () => {
    const combined = medianForecast([[point(10, 5, 15)], [point(30, 1, 40)], [point(20, 8, 22)]]);
    expect(combined).toEqual([point(20, 5, 22)]);
  });
});

describe("rankByBacktest", () => {
  it("puts first the method that forecast the last 48 hours best, and skips one that cannot fit", () => {
    const train = Array.from({ length: 24 * 10 }, (_, t) => 10 + (t % 24) + (t >= 24 * 5 ? -10 : 0));
    const pool: M4Method[] = [
      { name: "weekly", modelType: "seasonal_naive", parameters: { seasonLength: 168 } },
      { name: "daily", modelType: "seasonal_naive", parameters: { seasonLength: 24 } },
      { name: "too long", modelType: "seasonal_naive", parameters: { seasonLength: 500 } },
    ];
    expect(rankByBacktest(train, pool).map((method) => method.name)).toEqual(["daily", "weekly"]);
  });
});
