import type { Readable } from "node:stream";
import { UnsatisfiableRangeError } from "./bytes-errors";
import { sliceBytes } from "./byte-slice";
import type { ByteRange } from "./object-bytes-store";

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/** The headers of a GET that asked for a range. */
export interface RangeAnswer {
  contentRange: string | undefined;
  contentLength: number | undefined;
}

/** Which bytes the body holds (end inclusive), and the object's size when the answer says. */
function answeredSpan({ contentRange, contentLength }: RangeAnswer) {
  const match = contentRange === undefined ? null : CONTENT_RANGE.exec(contentRange);
  if (!match) {
    const end = contentLength === undefined ? Number.POSITIVE_INFINITY : contentLength - 1;
    return { start: 0, end, size: contentLength };
  }
  return { start: Number(match[1]), end: Number(match[2]), size: match[3] === "*" ? undefined : Number(match[3]) };
}

/**
 * The body trimmed to exactly the requested range. Some S3-compatible stores ignore a Range
 * header or widen it (s3rver reads `bytes=0-0` as the whole object), so the answer's
 * Content-Range is checked rather than trusted.
 */
export function exactRange(key: string, body: Readable, range: ByteRange, answer: RangeAnswer): Readable {
  const span = answeredSpan(answer);
  if (span.size !== undefined && range.start >= span.size) {
    body.destroy();
    throw new UnsatisfiableRangeError(key, range.start);
  }
  if (span.start > range.start) {
    body.destroy();
    throw new Error(`The store answered bytes from ${span.start} for a range of ${key} starting at ${range.start}`);
  }
  const lastByte = Math.min(range.end ?? Number.POSITIVE_INFINITY, (span.size ?? Number.POSITIVE_INFINITY) - 1);
  if (span.start === range.start && span.end === lastByte) return body;
  return sliceBytes(body, range.start - span.start, lastByte - range.start + 1);
}
