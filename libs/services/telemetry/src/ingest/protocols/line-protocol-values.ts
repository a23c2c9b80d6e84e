import { quoteName } from "./decode-issues";
import { LineSyntaxError } from "./line-protocol-cursor";
import { dateFromUnixNanos, MAX_DATE_MILLIS } from "./unix-time";

/** The timestamp units a line protocol write may declare. */
export type LinePrecision = "ns" | "us" | "ms" | "s";

const NANOS_PER_UNIT: Record<LinePrecision, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// No float written in full needs more; the bound keeps a hostile token from costing more than a scan.
const MAX_NUMBER_LENGTH = 512;
const FLOAT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
const UNSIGNED = /^\d+$/;
// How many trailing digits of a timestamp in each unit are below a millisecond (`s` has none: it gains three).
const SUB_MILLI_DIGITS: Record<LinePrecision, number> = { ns: 6, us: 3, ms: 0, s: 0 };
// Integers of up to 15 digits are exact as doubles.
const MAX_EXACT_DIGITS = 15;
const INT64_MAX_TEXT = "9223372036854775807";
const TRUE = new Set(["t", "T", "true", "True", "TRUE"]);
const FALSE = new Set(["f", "F", "false", "False", "FALSE"]);

/** The number an unquoted field value stands for: floats, `i` integers, `u` unsigned, booleans as 1/0. */
export function parseFieldValue(field: string, token: string): number {
  if (TRUE.has(token)) return 1;
  if (FALSE.has(token)) return 0;
  if (token.length === 0 || token.length > MAX_NUMBER_LENGTH) throw invalidValue(field);
  const digits = token.slice(0, -1);
  if (token.endsWith("i")) {
    if (!INTEGER.test(digits)) throw invalidValue(field);
    return integerWithin(field, BigInt(digits), INT64_MIN, INT64_MAX, "a 64-bit integer");
  }
  if (token.endsWith("u")) {
    if (!UNSIGNED.test(digits)) throw invalidValue(field);
    return integerWithin(field, BigInt(digits), 0n, UINT64_MAX, "an unsigned 64-bit integer");
  }
  if (!FLOAT.test(token)) throw invalidValue(field);
  return Number(token);
}

function invalidValue(field: string): LineSyntaxError {
  return new LineSyntaxError(`field ${quoteName(field)} has an invalid value`);
}

function integerWithin(field: string, value: bigint, min: bigint, max: bigint, kind: string): number {
  if (value < min || value > max) throw new LineSyntaxError(`field ${quoteName(field)} does not fit ${kind}`);
  return Number(value);
}

/**
 * The whole milliseconds a non-negative timestamp of at most 64 bits names, read without BigInt
 * when its millisecond digits fit a double exactly (as every current time in every unit does);
 * undefined leaves the token to the exact BigInt path, which also reports what is wrong with it.
 */
function wholeMillisOf(token: string, precision: LinePrecision): number | undefined {
  if (token.charCodeAt(0) === 0x2d) return undefined;
  if (token.length > INT64_MAX_TEXT.length || (token.length === INT64_MAX_TEXT.length && token > INT64_MAX_TEXT)) {
    return undefined;
  }
  const kept = token.slice(0, Math.max(0, token.length - SUB_MILLI_DIGITS[precision]));
  if (kept.length > MAX_EXACT_DIGITS) return undefined;
  const millis = kept === "" ? 0 : precision === "s" ? Number(kept) * 1000 : Number(kept);
  return millis <= MAX_DATE_MILLIS ? millis : undefined;
}

/** The time a timestamp token names in `precision` units since the epoch. */
export function parseTimestamp(token: string, precision: LinePrecision): Date {
  if (token.length > 20 || !INTEGER.test(token)) throw new LineSyntaxError("the timestamp is not an integer");
  const millis = wholeMillisOf(token, precision);
  if (millis !== undefined) return new Date(millis);
  const value = BigInt(token);
  if (value < INT64_MIN || value > INT64_MAX) throw new LineSyntaxError("the timestamp does not fit 64 bits");
  const time = dateFromUnixNanos(value * NANOS_PER_UNIT[precision]);
  if (!time) throw new LineSyntaxError("the timestamp is out of range");
  return time;
}
