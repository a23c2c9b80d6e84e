import { MAD_SCALE } from "./robust-score";

/** The least autocorrelation at which a repeating pattern counts as a season. */
const MIN_CORRELATION = 0.3;
/** How far a peak must rise above the lowest autocorrelation at a shorter lag, so a slow drift is no season. */
const MIN_RISE = 0.3;
/** A shorter season whose peak reaches this share of the best one is preferred over its multiples. */
const FUNDAMENTAL_SHARE = 0.9;

/** How many robust standard deviations from their median the values are clipped to before correlating. */
const CLIP_SPREADS = 4;
/** A correlation over `pairs` pairs must reach this many of white noise's standard errors (1/√pairs). */
const STANDARD_ERRORS = 4;

/**
 * The values less their least-squares line, so a trend does not read as correlation at every lag,
 * clipped to a few robust standard deviations, so a spike in the training part cannot hide its
 * season.
 */
function detrended(values: readonly number[]): Float64Array {
  const count = values.length;
  const meanIndex = (count - 1) / 2;
  const meanValue = values.reduce((total, value) => total + value, 0) / count;
  let covariance = 0;
  let indexVariance = 0;
  for (let index = 0; index < count; index += 1) {
    covariance += (index - meanIndex) * (values[index]! - meanValue);
    indexVariance += (index - meanIndex) ** 2;
  }
  const slope = indexVariance === 0 ? 0 : covariance / indexVariance;
  const residuals = Float64Array.from(values, (value, index) => value - meanValue - slope * (index - meanIndex));
  const sorted = Float64Array.from(residuals).sort();
  const median = sorted[count >> 1]!;
  const deviations = Float64Array.from(sorted, (residual) => Math.abs(residual - median)).sort();
  const limit = CLIP_SPREADS * MAD_SCALE * deviations[count >> 1]!;
  if (limit === 0) return residuals;
  return residuals.map((residual) => Math.min(median + limit, Math.max(median - limit, residual)));
}

/**
 * Autocorrelation at lags 0..maxLag, each lag's as the Pearson correlation between the values and
 * the same values `lag` points later (each part centred on its own mean), which keeps a cycle's
 * peak at its true lag where the part overlapping itself is not a whole number of cycles.
 */
function autocorrelation(residuals: Float64Array, maxLag: number): Float64Array {
  const count = residuals.length;
  const correlations = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag += 1) {
    const pairs = count - lag;
    let earlierMean = 0;
    let laterMean = 0;
    for (let index = 0; index < pairs; index += 1) {
      earlierMean += residuals[index]!;
      laterMean += residuals[index + lag]!;
    }
    earlierMean /= pairs;
    laterMean /= pairs;
    let products = 0;
    let earlierEnergy = 0;
    let laterEnergy = 0;
    for (let index = 0; index < pairs; index += 1) {
      const earlier = residuals[index]! - earlierMean;
      const later = residuals[index + lag]! - laterMean;
      products += earlier * later;
      earlierEnergy += earlier * earlier;
      laterEnergy += later * later;
    }
    const energy = Math.sqrt(earlierEnergy * laterEnergy);
    correlations[lag] = energy === 0 ? 0 : products / energy;
  }
  return correlations;
}

interface Peak {
  lag: number;
  correlation: number;
  lowestBefore: number;
}

/** The lag where a stretch's autocorrelation is highest. */
function stretchPeak(correlations: Float64Array, first: number, last: number, lowestBefore: number): Peak {
  let peak: Peak = { lag: first, correlation: correlations[first]!, lowestBefore };
  for (let lag = first + 1; lag <= last; lag += 1) {
    if (correlations[lag]! > peak.correlation) peak = { lag, correlation: correlations[lag]!, lowestBefore };
  }
  return peak;
}

/** The peak of each stretch of lags whose autocorrelation stays at or above MIN_CORRELATION, past the one around lag 0. */
function stretchPeaks(correlations: Float64Array): Peak[] {
  const peaks: Peak[] = [];
  const lastLag = correlations.length - 1;
  let lowest = Infinity;
  let first = -1;
  for (let lag = 1; lag <= lastLag; lag += 1) {
    const correlation = correlations[lag]!;
    if (correlation >= MIN_CORRELATION) {
      if (first < 0 && lowest !== Infinity) first = lag;
      continue;
    }
    if (first >= 0) peaks.push(stretchPeak(correlations, first, lag - 1, lowest));
    first = -1;
    lowest = Math.min(lowest, correlation);
  }
  // A stretch still open at the last lag tried counts only if it has visibly turned down.
  if (first >= 0 && correlations[lastLag]! < Math.max(...correlations.subarray(first))) {
    peaks.push(stretchPeak(correlations, first, lastLag, lowest));
  }
  return peaks;
}

/**
 * The season length, in points, of a series' training part: the peak of a stretch of strong
 * autocorrelation that rises clearly above the dip before it, the shortest whose peak comes near
 * the best such peak (so a daily pattern is reported as a day, not as two days). Null when the
 * values hold no such pattern or are too few to show one twice (lags up to half their number are
 * tried); a season near that limit is read less precisely than one seen three times or more.
 */
export function detectSeasonLength(values: readonly number[]): number | null {
  const maxLag = Math.floor(values.length / 2);
  if (maxLag < 3) return null;
  const residuals = detrended(values);
  // Relative to the values' size, so rounding noise on a flat line is not read as a pattern.
  const scale = values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 1);
  if (residuals.every((residual) => Math.abs(residual) <= 1e-12 * scale)) return null;
  const correlations = autocorrelation(residuals, maxLag);
  const peaks = stretchPeaks(correlations).filter(
    (peak) =>
      peak.correlation - peak.lowestBefore >= MIN_RISE &&
      peak.correlation >= STANDARD_ERRORS / Math.sqrt(values.length - peak.lag),
  );
  if (peaks.length === 0) return null;
  const best = Math.max(...peaks.map((peak) => peak.correlation));
  return peaks.find((peak) => peak.correlation >= FUNDAMENTAL_SHARE * best)!.lag;
}
