import { InvalidBytesKeyError } from "./bytes-errors";
import type { ByteRange } from "./object-bytes-store";

export const MAX_BYTES_KEY_LENGTH = 512;
/** Filesystems refuse longer file names. */
const MAX_SEGMENT_LENGTH = 255;

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return "is empty";
  if (key.length > MAX_BYTES_KEY_LENGTH) return `is longer than ${MAX_BYTES_KEY_LENGTH} characters`;
  if (key.startsWith("/")) return "starts with /";
  for (const segment of key.split("/")) {
    if (segment === "") return "has an empty segment";
    // A leading dot also rules out `.` and `..`, and keeps keys clear of the filesystem store's `.partial` folder.
    if (segment.startsWith(".")) return "has a segment starting with a dot";
    if (segment.length > MAX_SEGMENT_LENGTH) return `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`;
    if (!SEGMENT.test(segment)) return "may hold only ASCII letters, digits, '-', '_', '.' and '/'";
  }
  return undefined;
}

/** Refuses a key that is not `segment(/segment)*` of ASCII letters, digits, `-`, `_` and `.` (segments up to 255, keys up to 512 long). */
export function assertBytesKey(key: string): void {
  const problem = keyProblem(key);
  if (problem !== undefined) throw new InvalidBytesKeyError(key, problem);
}

/** Refuses a list prefix unless it is empty, or a valid key optionally followed by `/`. */
export function assertBytesPrefix(prefix: string): void {
  if (prefix === "") return;
  const problem = keyProblem(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  if (problem !== undefined) throw new InvalidBytesKeyError(prefix, problem);
}

/** Refuses a range that is not whole non-negative offsets with end at or after start. */
export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  const validOffset = (offset: number) => Number.isSafeInteger(offset) && offset >= 0;
  if (!validOffset(start) || (end !== undefined && (!validOffset(end) || end < start))) {
    throw new RangeError(`Invalid byte range ${JSON.stringify(range)}`);
  }
}
