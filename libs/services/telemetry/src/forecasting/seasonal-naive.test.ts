import { describe, expect, it } from "vitest";
import { ForecastInputError } from "./forecast-input-error";
import { seasonalNaive } from "./seasonal-naive";

describe("seasonalNaive", () => {
  it("repeats the last season over the horizon", () => {
    const model = seasonalNaive([1, 2, 3, 4, 5, 6], 3);
    expect(model.forecastFrom(6, 5)).toEqual([4, 5, 6, 4, 5]);
  });

  it("repeats the last value when the season is 1", () => {
    expect(seasonalNaive([3, 9, 7], 1).forecastFrom(3, 3)).toEqual([7, 7, 7]);
  });

  it("forecasts from an earlier origin with the values before it only", () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6], 2).forecastFrom(3, 3)).toEqual([2, 3, 2]);
  });

  it("refuses a series without a whole season and a value", () => {
    expect(() => seasonalNaive([1, 2, 3], 3)).toThrow(ForecastInputError);
    expect(() => seasonalNaive([1, 2, 3], 3)).toThrow(/at least 4 values; the series holds 3/);
  });
});
