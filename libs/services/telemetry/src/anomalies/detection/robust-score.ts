import type { SlidingWindow } from "./sliding-window";

/** Scales a median absolute deviation to a standard deviation for normally distributed values. */
export const MAD_SCALE = 1.4826;
/** Scales an interquartile range to a standard deviation for normally distributed values. */
const IQR_SCALE = 1 / 1.349;
/** The smallest spread, relative to the median's size, a window is taken to have. */
const RELATIVE_SPREAD_FLOOR = 1e-9;

/** Where a value stands against a window: the window's median and the distance from it in robust spreads. */
export interface RobustScore {
  median: number;
  spread: number;
  score: number;
}

/**
 * The window's spread: the scaled MAD, or the scaled interquartile range when that is larger
 * (both estimate the standard deviation of normal values; the MAD alone collapses when the
 * values cluster around a few levels, as quantised gauges do, and would make every move between
 * levels an anomaly). When more than half the window holds one value (both are 0, common for
 * idle gauges and sparse counters), the scaled median size of the departures from that value, so
 * a departure of the usual size is no anomaly; for a constant window a tiny floor, so that any
 * real departure from a flat line scores high while rounding noise does not.
 */
export function robustSpread(window: SlidingWindow, median: number): number {
  const mad = MAD_SCALE * window.medianAbsoluteDeviation(median);
  const interquartile = IQR_SCALE * (window.quantile(0.75) - window.quantile(0.25));
  if (mad > 0 || interquartile > 0) return Math.max(mad, interquartile);
  const departure = window.medianDeparture(median);
  if (departure > 0) return MAD_SCALE * departure;
  return RELATIVE_SPREAD_FLOOR * Math.max(1, Math.abs(median));
}

/** |value − median| / spread of the window; the window must hold at least one value. */
export function robustScore(window: SlidingWindow, value: number): RobustScore {
  const median = window.median();
  const spread = robustSpread(window, median);
  return { median, spread, score: Math.abs(value - median) / spread };
}
