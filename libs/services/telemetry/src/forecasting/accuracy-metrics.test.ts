import { describe, expect, it } from "vitest";
import {
  accuracyMetrics,
  meanAbsolutePercentageError,
  meanAbsoluteScaledError,
  symmetricMeanAbsolutePercentageError,
} from "./accuracy-metrics";

describe("accuracy metrics", () => {
  it("computes MAPE, sMAPE and MASE of a small forecast by hand", () => {
    // MAPE: (10/100 + 20/200) / 2 = 10%. sMAPE: 200/2 · (10/210 + 20/380). MASE (m = 1): MAE 15 over
    // the history's mean absolute step (1 + 1 + 2 + 3) / 4 = 1.75.
    const metrics = accuracyMetrics([100, 200], [110, 180], [1, 2, 3, 5, 8], 1);
    expect(metrics.mape).toBeCloseTo(10, 12);
    expect(metrics.smape).toBeCloseTo(100 * (10 / 210 + 20 / 380), 12);
    expect(metrics.mase).toBeCloseTo(15 / 1.75, 12);
  });

  it("scales MASE by the seasonal naive error of period m", () => {
    // Seasonal differences with m = 2: |3−1|, |5−2|, |8−3| → mean 10/3.
    expect(meanAbsoluteScaledError([100, 200], [110, 180], [1, 2, 3, 5, 8], 2)).toBeCloseTo(4.5, 12);
  });

  it("reaches sMAPE 200 when forecast and actual have nothing in common", () => {
    expect(symmetricMeanAbsolutePercentageError([5, 0], [0, 3])).toBe(200);
  });

  it("counts a step where both actual and forecast are 0 as no error", () => {
    expect(symmetricMeanAbsolutePercentageError([0, 10], [0, 10])).toBe(0);
  });

  it("leaves zero actuals out of MAPE, and has none when all are zero", () => {
    expect(meanAbsolutePercentageError([0, 50], [4, 40])).toBeCloseTo(20, 12);
    expect(meanAbsolutePercentageError([0, 0], [1, 2])).toBeNull();
  });

  it("has no MASE when the history is too short or repeats every season", () => {
    expect(meanAbsoluteScaledError([1], [2], [1, 2], 2)).toBeNull();
    expect(meanAbsoluteScaledError([1], [2], [4, 5, 4, 5], 2)).toBeNull();
  });
});
