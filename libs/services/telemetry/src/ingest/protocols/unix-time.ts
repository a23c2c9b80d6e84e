/** The range of a JavaScript Date, in milliseconds either side of the epoch. */
export const MAX_DATE_MILLIS = 8_640_000_000_000_000;
const MAX_DATE_MILLIS_BIGINT = BigInt(MAX_DATE_MILLIS);

/** The Date of a count of milliseconds since the epoch, or undefined when no Date can hold it. */
export function dateFromUnixMillis(millis: bigint): Date | undefined {
  if (millis > MAX_DATE_MILLIS_BIGINT || millis < -MAX_DATE_MILLIS_BIGINT) return undefined;
  return new Date(Number(millis));
}

/** The Date of a count of nanoseconds since the epoch, rounded down to the millisecond. */
export function dateFromUnixNanos(nanos: bigint): Date | undefined {
  const millis = nanos / 1_000_000n;
  // BigInt division truncates toward zero; times before the epoch still round down.
  return dateFromUnixMillis(nanos < 0n && millis * 1_000_000n !== nanos ? millis - 1n : millis);
}
