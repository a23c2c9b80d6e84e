import type { AnomalyDetectorSettings } from "../detection";

/** The most buckets of history a detector may need: each run reads them again before judging. */
export const MAX_HISTORY_BUCKETS = 50_000;

/**
 * How many buckets a fresh detector must see before a bucket to judge it with its whole history:
 * the window for the rolling MAD; for the seasonal method also `seasons` seasons, where a season
 * read from the series is at most half the window (the longest lag its training part tries).
 */
export function historyBucketsOf(settings: AnomalyDetectorSettings): number {
  if (settings.method === "mad") return settings.window;
  const season = settings.seasonLength ?? Math.floor(settings.window / 2);
  return settings.window + settings.seasons * season;
}
