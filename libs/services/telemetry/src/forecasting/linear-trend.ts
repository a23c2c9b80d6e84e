import { requireLength } from "./forecast-input-error";
import type { PointForecaster } from "./forecast-types";

/** A straight line plus one level per position in the season: value(t) = slope·t + intercepts[t mod m]. */
export interface LinearTrendLine {
  slope: number;
  intercepts: number[];
}

/**
 * Least squares fit of a line (with a separate intercept per season position when m > 1) to the
 * first `count` values. Centring time and values within each position separates the slope from the
 * intercepts, so the fit takes one pass and no matrix.
 */
export function fitLinearTrendLine(values: readonly number[], m: number, count = values.length): LinearTrendLine {
  const timeSums = new Float64Array(m);
  const valueSums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < count; t += 1) {
    const j = t % m;
    timeSums[j] = timeSums[j]! + t;
    valueSums[j] = valueSums[j]! + values[t]!;
    counts[j] = counts[j]! + 1;
  }
  const meanTime = (j: number) => timeSums[j]! / counts[j]!;
  const meanValue = (j: number) => valueSums[j]! / counts[j]!;
  let crossed = 0;
  let squared = 0;
  for (let t = 0; t < count; t += 1) {
    const time = t - meanTime(t % m);
    crossed += time * (values[t]! - meanValue(t % m));
    squared += time * time;
  }
  const slope = squared > 0 ? crossed / squared : 0;
  return { slope, intercepts: Array.from({ length: m }, (_, j) => meanValue(j) - slope * meanTime(j)) };
}

/** Least squares linear trend, with one level per season position when `seasonLength` > 1. */
export function linearTrend(
  values: readonly number[],
  seasonLength: number,
): PointForecaster & { line: LinearTrendLine } {
  const m = seasonLength;
  requireLength(values, Math.max(2 * m, m + 2), `A linear trend with seasonLength ${m} (two whole seasons)`);
  const lineAt = (count: number) => fitLinearTrendLine(values, m, count);
  const extend = ({ slope, intercepts }: LinearTrendLine, origin: number, horizon: number) =>
    Array.from({ length: horizon }, (_, step) => {
      const t = origin + step;
      return slope * t + intercepts[t % m]!;
    });
  const line = lineAt(values.length);
  return {
    line,
    firstOrigin: m + 1,
    relativeErrors: false,
    forecastFrom: (origin, horizon) => extend(origin === values.length ? line : lineAt(origin), origin, horizon),
  };
}
