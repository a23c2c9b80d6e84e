/** How far forecasts fell from what happened, in the three measures a backtest stores. */
export interface AccuracyMetrics {
  /** Mean absolute percentage error over the non-zero actual values; null when every actual is 0. */
  mape: number | null;
  /** Symmetric MAPE, 0–200: 200/h · Σ|y − ŷ| / (|y| + |ŷ|), a term counting 0 where y = ŷ = 0. */
  smape: number;
  /** Mean absolute error scaled by the in-sample seasonal naive one; null when that is 0 or undefined. */
  mase: number | null;
}

function meanOf(terms: number[]): number {
  return terms.reduce((sum, term) => sum + term, 0) / terms.length;
}

/** Mean absolute percentage error, skipping actual values of 0 (null when none is left). */
export function meanAbsolutePercentageError(actual: readonly number[], forecast: readonly number[]): number | null {
  const terms = actual.flatMap((y, i) => (y === 0 ? [] : [Math.abs(y - forecast[i]!) / Math.abs(y)]));
  return terms.length === 0 ? null : 100 * meanOf(terms);
}

/** Symmetric MAPE as M4 defines it: 200/h · Σ|y − ŷ| / (|y| + |ŷ|). */
export function symmetricMeanAbsolutePercentageError(actual: readonly number[], forecast: readonly number[]): number {
  const terms = actual.map((y, i) => {
    const scale = Math.abs(y) + Math.abs(forecast[i]!);
    return scale === 0 ? 0 : Math.abs(y - forecast[i]!) / scale;
  });
  return 200 * meanOf(terms);
}

/**
 * Mean absolute scaled error: the forecasts' mean absolute error divided by that of the seasonal
 * naive forecast (period m) inside `history`; null when history holds no more than m values or
 * repeats itself exactly every m steps.
 */
export function meanAbsoluteScaledError(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  m: number,
): number | null {
  if (history.length <= m) return null;
  const scale = meanOf(history.slice(m).map((y, i) => Math.abs(y - history[i]!)));
  if (scale === 0) return null;
  return meanOf(actual.map((y, i) => Math.abs(y - forecast[i]!))) / scale;
}

/** MAPE, sMAPE and MASE (seasonal period m) of forecasts of `actual` made from `history`. */
export function accuracyMetrics(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  m: number,
): AccuracyMetrics {
  return {
    mape: meanAbsolutePercentageError(actual, forecast),
    smape: symmetricMeanAbsolutePercentageError(actual, forecast),
    mase: meanAbsoluteScaledError(actual, forecast, history, m),
  };
}
