/** The smallest standard deviation, relative to the mean's size, a window is taken to have (as our detectors' floor). */
const RELATIVE_SPREAD_FLOOR = 1e-9;

/**
 * The plain baseline: each point's |z| against the mean and sample standard deviation of the
 * `window` points before it; NaN (never flagged) until that many points have been seen, the same
 * warm-up as the rolling MAD detector.
 */
export function rollingZScores(values: Float64Array, window: number): Float64Array {
  const scores = new Float64Array(values.length).fill(Number.NaN);
  for (let index = window; index < values.length; index += 1) {
    let sum = 0;
    for (let past = index - window; past < index; past += 1) sum += values[past]!;
    const mean = sum / window;
    let squares = 0;
    for (let past = index - window; past < index; past += 1) squares += (values[past]! - mean) ** 2;
    const deviation = Math.max(Math.sqrt(squares / (window - 1)), RELATIVE_SPREAD_FLOOR * Math.max(1, Math.abs(mean)));
    scores[index] = Math.abs(values[index]! - mean) / deviation;
  }
  return scores;
}
