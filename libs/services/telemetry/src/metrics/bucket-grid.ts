/**
 * Buckets start at whole multiples of their width from this Monday at midnight UTC, the origin
 * TimescaleDB's time_bucket uses by default; date_bin is given the same one, so both agree and
 * week buckets start on Mondays.
 */
export const BUCKET_ORIGIN = new Date("2000-01-03T00:00:00.000Z");

/** The start of the bucket holding `time`, both in milliseconds since the epoch. */
export function bucketStartOf(time: number, widthMs: number): number {
  const origin = BUCKET_ORIGIN.getTime();
  return origin + Math.floor((time - origin) / widthMs) * widthMs;
}

/** The starts of every bucket with a part in [from, to), in order. */
export function bucketGrid(from: number, to: number, widthMs: number): number[] {
  const starts: number[] = [];
  for (let start = bucketStartOf(from, widthMs); start < to; start += widthMs) starts.push(start);
  return starts;
}
