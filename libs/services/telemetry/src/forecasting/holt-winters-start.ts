import type { HoltWintersStart, Seasonality } from "./holt-winters-smoothing";

const MAX_START_SEASONS = 4;
const MIN_START_VALUES = 10;

function mean(values: readonly number[], from: number, count: number): number {
  let sum = 0;
  for (let i = from; i < from + count; i += 1) sum += values[i]!;
  return sum / count;
}

/**
 * Starting states from the first few whole seasons (at least two): the trend from the change of
 * their means, the level from the first season's mean moved back to before the first value, and
 * each season effect averaged over those seasons after taking out their trend line.
 */
export function holtWintersStart(values: readonly number[], m: number, seasonality: Seasonality): HoltWintersStart {
  const seasons = Math.min(Math.floor(values.length / m), Math.max(MAX_START_SEASONS, Math.ceil(MIN_START_VALUES / m)));
  const means = Array.from({ length: seasons }, (_, k) => mean(values, k * m, m));
  const trend = (means[seasons - 1]! - means[0]!) / ((seasons - 1) * m);
  const level = means[0]! - (trend * (m + 1)) / 2;
  const season = Array.from({ length: m }, (_, j) => {
    let sum = 0;
    for (let k = 0; k < seasons; k += 1) {
      const line = means[k]! + trend * (j - (m - 1) / 2);
      const y = values[k * m + j]!;
      sum += seasonality === "multiplicative" ? y / line : y - line;
    }
    return sum / seasons;
  });
  const centre = mean(season, 0, m);
  const normalised = season.map((effect) => (seasonality === "multiplicative" ? effect / centre : effect - centre));
  return { level, trend, season: normalised };
}
