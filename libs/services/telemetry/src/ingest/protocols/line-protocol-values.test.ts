import { describe, expect, it } from "vitest";
import { LineSyntaxError } from "./line-protocol-cursor";
import { parseTimestamp, type LinePrecision } from "./line-protocol-values";

const NANOS_PER_UNIT: Record<LinePrecision, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };
const MAX_DATE_MILLIS = 8_640_000_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;

/** The time a token names, worked out in BigInt alone: whole milliseconds, rounded down. */
function exactTime(token: string, precision: LinePrecision): Date | "refused" {
  const value = BigInt(token);
  if (value > INT64_MAX || value < -(2n ** 63n)) return "refused";
  const nanos = value * NANOS_PER_UNIT[precision];
  let millis = nanos / 1_000_000n;
  if (nanos < 0n && millis * 1_000_000n !== nanos) millis -= 1n;
  return millis > MAX_DATE_MILLIS || millis < -MAX_DATE_MILLIS ? "refused" : new Date(Number(millis));
}

function parsed(token: string, precision: LinePrecision): Date | "refused" {
  try {
    return parseTimestamp(token, precision);
  } catch (error) {
    if (error instanceof LineSyntaxError) return "refused";
    throw error;
  }
}

const TOKENS = [
  "0",
  "1",
  "0001",
  "999999",
  "1000000",
  "1764790000123",
  "1764790000123456",
  "1764790000123456789",
  "8640000000000",
  "8640000000001",
  "8640000000000000",
  "8640000000000001",
  "8640000000000000999999",
  "999999999999999",
  "9007199254740993",
  "123456789012345678",
  "9223372036854775807",
  "9223372036854775808",
  "00000000000000000001",
  "09223372036854775808",
  "-1",
  "-1500000000",
  "-8640000000000000",
  "-9223372036854775808",
];

describe("line protocol timestamps", () => {
  it("read every token in every unit as exact integer arithmetic would, refusing the same ones", () => {
    for (const precision of ["ns", "us", "ms", "s"] as const) {
      for (const token of TOKENS) {
        const expected = token.length > 20 ? "refused" : exactTime(token, precision);
        expect({ token, precision, time: parsed(token, precision) }).toEqual({ token, precision, time: expected });
      }
    }
  });
});
