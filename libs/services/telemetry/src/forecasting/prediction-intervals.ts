import type { PredictionBand } from "./forecast-types";
import { normalQuantile } from "./normal-quantile";

// Below this many errors at a step, tail quantiles are too coarse; a normal fit to them is steadier.
const MIN_EMPIRICAL_ERRORS = 20;

/** The value below which a fraction `p` of the sorted sample lies, interpolating between neighbours. */
export function sampleQuantile(sorted: ArrayLike<number>, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** For each level, the half-width that holds `level` percent of these errors. */
function bandRadii(errors: readonly number[], levels: readonly number[]): number[] {
  const sizes = new Float64Array(errors.length);
  errors.forEach((error, i) => (sizes[i] = Math.abs(error)));
  sizes.sort();
  if (sizes.length >= MIN_EMPIRICAL_ERRORS) return levels.map((level) => sampleQuantile(sizes, level / 100));
  const spread = Math.sqrt(sizes.reduce((sum, size) => sum + size * size, 0) / sizes.length);
  return levels.map((level) => normalQuantile(0.5 + level / 200) * spread);
}

/**
 * Bands around point forecasts from the errors of earlier forecasts at the same step ahead
 * (`errors[h - 1]`, from rollingOriginErrors). A band's half-width is the level's quantile of the
 * error sizes, or a normal fit when a step has few errors. Symmetric bands held their coverage on
 * M4 hourly better than separate tail quantiles, whose skew in the past rarely repeats. Steps no
 * earlier forecast reached widen the last measured one by √(h / measured h), as the errors of a
 * random walk grow. Relative errors scale the forecast instead of shifting it.
 */
export function predictionBands(
  forecasts: readonly number[],
  errors: readonly (readonly number[])[],
  levels: readonly number[],
  relativeErrors: boolean,
): PredictionBand[][] {
  let measured = -1;
  let radii = levels.map(() => 0);
  return forecasts.map((forecast, index) => {
    if (errors[index]?.length) {
      measured = index;
      radii = bandRadii(errors[index], levels);
    }
    const widen = Math.sqrt((index + 1) / (measured + 1));
    return levels.map((level, i) => {
      const radius = radii[i]! * widen * (relativeErrors ? Math.abs(forecast) : 1);
      return { level, lower: forecast - radius, upper: forecast + radius };
    });
  });
}
