import {
  meanAbsoluteScaledError,
  symmetricMeanAbsolutePercentageError,
  type ForecastPoint,
} from "../../../libs/services/telemetry/src/forecasting";
import { M4_HOURLY_PERIOD } from "./m4-hourly-series";

/** One method's scores over every series: mean sMAPE and MASE as M4 averages them, band coverage in percent by level. */
export interface M4Score {
  smape: number;
  mase: number;
  coverage: Map<number, number>;
}

interface Sums {
  series: number;
  smape: number;
  mase: number;
  points: number;
  covered: Map<number, number>;
}

/** Adds up each method's errors series by series and reports them the way M4 does. */
export function createScoreTally() {
  const sums = new Map<string, Sums>();
  return {
    add(method: string, forecast: readonly ForecastPoint[], actual: readonly number[], history: readonly number[]) {
      const values = forecast.map((point) => point.value);
      const mase = meanAbsoluteScaledError(actual, values, history, M4_HOURLY_PERIOD);
      if (mase === null) throw new Error(`${method}: MASE is undefined for a series that repeats every day exactly`);
      const sum = sums.get(method) ?? { series: 0, smape: 0, mase: 0, points: 0, covered: new Map() };
      sum.series += 1;
      sum.smape += symmetricMeanAbsolutePercentageError(actual, values);
      sum.mase += mase;
      forecast.forEach((point, index) => {
        sum.points += 1;
        for (const band of point.bands) {
          const inside = actual[index]! >= band.lower && actual[index]! <= band.upper;
          sum.covered.set(band.level, (sum.covered.get(band.level) ?? 0) + (inside ? 1 : 0));
        }
      });
      sums.set(method, sum);
    },
    score(method: string): M4Score {
      const sum = sums.get(method);
      if (!sum) throw new Error(`no forecasts were scored for ${method}`);
      const coverage = new Map([...sum.covered].map(([level, hits]) => [level, (100 * hits) / sum.points]));
      return { smape: sum.smape / sum.series, mase: sum.mase / sum.series, coverage };
    },
  };
}
