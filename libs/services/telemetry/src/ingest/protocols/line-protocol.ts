import { DecodeCollector, quoteName } from "./decode-issues";
import { MAX_DIMENSIONS, type DecodeResult } from "./ingest-point";
import {
  fieldKeySyntax,
  LineCursor,
  LineSyntaxError,
  measurementSyntax,
  tagKeySyntax,
  tagValueSyntax,
} from "./line-protocol-cursor";
import { parseFieldValue, parseTimestamp, type LinePrecision } from "./line-protocol-values";

export type { LinePrecision } from "./line-protocol-values";

/** How to read a line protocol body. */
export interface LineProtocolOptions {
  /** Unit of the timestamps (InfluxDB's `precision` parameter); nanoseconds by default. */
  precision?: LinePrecision;
  /** The time of lines without a timestamp: when the write arrived. */
  receivedAt?: Date;
}

// String fields are read past but not stored: business metrics are numbers.
const STRING_FIELD = Symbol("string field");

/** A field as written: a number (booleans as 1/0), or a string. */
type FieldValue = number | typeof STRING_FIELD;

/**
 * Decodes an InfluxDB line protocol body into one point per numeric field, named
 * `measurement.field`, with the tags as dimensions. A malformed line is reported by number and skipped.
 */
export function decodeLineProtocol(text: string, options: LineProtocolOptions = {}): DecodeResult {
  const precision = options.precision ?? "ns";
  const receivedAt = options.receivedAt ?? new Date();
  const cursor = new LineCursor(text);
  const out = new DecodeCollector();
  while (!cursor.atEnd()) {
    const line = cursor.line;
    try {
      readLine(cursor, line, precision, receivedAt, out);
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      out.skip(`line ${line}`, error.message);
      cursor.skipRestOfLine();
    }
  }
  return out.result();
}

function readLine(
  cursor: LineCursor,
  line: number,
  precision: LinePrecision,
  receivedAt: Date,
  out: DecodeCollector,
): void {
  cursor.skipBlanks();
  if (cursor.is("#") || cursor.atLineEnd()) return cursor.skipRestOfLine();
  const measurement = cursor.readName(measurementSyntax);
  if (measurement === "") throw new LineSyntaxError("the line has no measurement");
  const tags = readTags(cursor);
  if (cursor.skipBlanks() === 0 || cursor.atLineEnd()) throw new LineSyntaxError("the line has no fields");
  const fields = readFields(cursor);
  cursor.skipBlanks();
  const time = cursor.atLineEnd() ? receivedAt : parseTimestamp(cursor.readToken(), precision);
  cursor.skipBlanks();
  if (!cursor.atLineEnd()) throw new LineSyntaxError("unexpected text after the timestamp");
  cursor.skipRestOfLine();

  // Each point owns its time and dimensions: the line's own go to its first point, copies to the
  // others, and the arrival time, which every line without a timestamp shares, is always copied.
  let handedOut = time === receivedAt;
  for (const [field, value] of fields) {
    if (typeof value === "number") {
      out.points.push({
        metric: `${measurement}.${field}`,
        time: handedOut ? new Date(time) : time,
        value,
        dimensions: handedOut ? { ...tags } : tags,
      });
      handedOut = true;
    } else {
      out.skip(`line ${line}`, `field ${quoteName(field)} is a string; only numbers and booleans are stored`);
    }
  }
}

function skipString(cursor: LineCursor): typeof STRING_FIELD {
  cursor.skipQuoted();
  return STRING_FIELD;
}

function readTags(cursor: LineCursor): Record<string, string> {
  const tags: Record<string, string> = {};
  let count = 0;
  while (cursor.is(",")) {
    cursor.advance();
    const key = cursor.readName(tagKeySyntax);
    if (key === "") throw new LineSyntaxError("a tag has no key");
    if (!cursor.is("=")) throw new LineSyntaxError(`tag ${quoteName(key)} has no value`);
    cursor.advance();
    const value = cursor.readName(tagValueSyntax);
    if (value === "") throw new LineSyntaxError(`tag ${quoteName(key)} has an empty value`);
    if (!Object.hasOwn(tags, key)) count += 1;
    // Assigning `__proto__` would set the object's prototype; it is defined as a tag like any other.
    if (key === "__proto__")
      Object.defineProperty(tags, key, { value, enumerable: true, writable: true, configurable: true });
    else tags[key] = value;
    if (count > MAX_DIMENSIONS) throw new LineSyntaxError(`the line has more than ${MAX_DIMENSIONS} tags`);
  }
  return tags;
}

function readFields(cursor: LineCursor): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  for (;;) {
    const key = cursor.readName(fieldKeySyntax);
    if (key === "") throw new LineSyntaxError("a field has no key");
    if (!cursor.is("=")) throw new LineSyntaxError(`field ${quoteName(key)} has no value`);
    cursor.advance();
    fields.set(key, cursor.is('"') ? skipString(cursor) : parseFieldValue(key, cursor.readToken()));
    if (!cursor.is(",")) return fields;
    cursor.advance();
  }
}
