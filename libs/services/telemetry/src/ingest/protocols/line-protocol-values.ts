import { quoteName } from "./decode-issues";
import { LineSyntaxError } from "./line-protocol-cursor";
import { dateFromUnixNanos } from "./unix-time";

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
const TRUE = new Set(["t", "T", "true", "True", "TRUE"]);
const FALSE = new Set(["f", "F", "false", "False", "FALSE"]);

/** The number an unquoted field value stands for: floats, `i` integers, `u` unsigned, booleans as 1/0. */
export function parseFieldValue(field: string, token: string): number {
  if (TRUE.has(token)) return 1;
  if (FALSE.has(token)) return 0;
  const invalid = () => new LineSyntaxError(`field ${quoteName(field)} has an invalid value`);
  if (token.length === 0 || token.length > MAX_NUMBER_LENGTH) throw invalid();
  const digits = token.slice(0, -1);
  if (token.endsWith("i")) {
    if (!INTEGER.test(digits)) throw invalid();
    return integerWithin(field, BigInt(digits), INT64_MIN, INT64_MAX, "a 64-bit integer");
  }
  if (token.endsWith("u")) {
    if (!UNSIGNED.test(digits)) throw invalid();
    return integerWithin(field, BigInt(digits), 0n, UINT64_MAX, "an unsigned 64-bit integer");
  }
  if (!FLOAT.test(token)) throw invalid();
  return Number(token);
}

function integerWithin(field: string, value: bigint, min: bigint, max: bigint, kind: string): number {
  if (value < min || value > max) throw new LineSyntaxError(`field ${quoteName(field)} does not fit ${kind}`);
  return Number(value);
}

/** The time a timestamp token names in `precision` units since the epoch. */
export function parseTimestamp(token: string, precision: LinePrecision): Date {
  if (token.length > 20 || !INTEGER.test(token)) throw new LineSyntaxError("the timestamp is not an integer");
  const value = BigInt(token);
  if (value < INT64_MIN || value > INT64_MAX) throw new LineSyntaxError("the timestamp does not fit 64 bits");
  const time = dateFromUnixNanos(value * NANOS_PER_UNIT[precision]);
  if (!time) throw new LineSyntaxError("the timestamp is out of range");
  return time;
}
