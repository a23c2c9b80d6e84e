import { describe, expect, it } from "vitest";
import { backtestForecastModel } from "./backtest";
import { ForecastInputError } from "./forecast-input-error";

describe("backtestForecastModel", () => {
  it("scores a seasonal naive forecast of the held-out values by hand", () => {
    // Fitted to [1, 2, 2, 3]: forecasts [2, 3] for actual [3, 5]. MAPE (1/3 + 2/5)/2, sMAPE
    // 100·(1/5 + 2/8), MASE: MAE 1.5 over the mean seasonal step (|2−1| + |3−2|)/2 = 1.
    const metrics = backtestForecastModel("seasonal_naive", [1, 2, 2, 3, 3, 5], { seasonLength: 2 }, 2);
    expect(metrics.mape).toBeCloseTo((100 * (1 / 3 + 2 / 5)) / 2, 12);
    expect(metrics.smape).toBeCloseTo(45, 12);
    expect(metrics.mase).toBeCloseTo(1.5, 12);
  });

  it("finds no error where the model is exact", () => {
    const line = Array.from({ length: 20 }, (_, t) => 3 + 2 * t);
    expect(backtestForecastModel("linear_trend", line, {}, 5)).toEqual({ mape: 0, smape: 0, mase: 0 });
  });

  it("scales MASE by the seasonal period it is given rather than the model's", () => {
    const values = [1, 2, 2, 3, 3, 5];
    const bySeason = backtestForecastModel("seasonal_naive", values, { seasonLength: 2 }, 2, 1);
    // Steps of the history [1, 2, 2, 3]: 1, 0, 1 → mean 2/3.
    expect(bySeason.mase).toBeCloseTo(1.5 / (2 / 3), 12);
  });

  it("refuses a holdout that leaves too little to fit", () => {
    expect(() => backtestForecastModel("seasonal_naive", [1, 2, 3, 4], { seasonLength: 2 }, 2)).toThrow(
      ForecastInputError,
    );
    expect(() => backtestForecastModel("linear_trend", [1, 2, 3, 4], {}, 0)).toThrow(/holdout must be/);
  });
});
