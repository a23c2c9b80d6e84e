/** The longest object name, in UTF-8 bytes once decoded. */
export const MAX_OBJECT_NAME_BYTES = 1024;
/** The most `/`-separated segments an object name may have. */
export const MAX_OBJECT_NAME_SEGMENTS = 64;

/** Why an object path from a URL was refused. */
export type ObjectPathRefusal =
  | "empty_segment"
  | "dot_segment"
  | "separator_in_segment"
  | "control_character"
  | "invalid_encoding"
  | "name_too_long"
  | "too_many_segments";

const MESSAGES: Record<ObjectPathRefusal, string> = {
  empty_segment: "the object path is empty or has an empty segment (a leading, trailing or doubled /)",
  dot_segment: 'the object path has a "." or ".." segment',
  separator_in_segment: "a segment of the object path decodes to / or \\",
  control_character: "the object path holds a control character",
  invalid_encoding: "the object path is not valid percent-encoded UTF-8",
  name_too_long: `the object name is longer than ${MAX_OBJECT_NAME_BYTES} bytes`,
  too_many_segments: `the object path has more than ${MAX_OBJECT_NAME_SEGMENTS} segments`,
};

/** An object path refused before it reached storage, with the reason a program can branch on. */
export class ObjectPathError extends Error {
  constructor(readonly reason: ObjectPathRefusal) {
    super(MESSAGES[reason]);
    this.name = "ObjectPathError";
  }
}

// Each byte of a name takes at most three characters percent-encoded, so a longer raw path is refused unread.
const MAX_RAW_PATH_LENGTH = MAX_OBJECT_NAME_BYTES * 3 + MAX_OBJECT_NAME_SEGMENTS;
const RAW_CONTROL = /[\u0000-\u001f\u007f]/;
const RAW_UNENCODED = /[^\u0021-\u007e]/;
const BROKEN_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function decodeSegment(raw: string): string {
  if (raw === "") throw new ObjectPathError("empty_segment");
  if (RAW_CONTROL.test(raw)) throw new ObjectPathError("control_character");
  if (RAW_UNENCODED.test(raw) || BROKEN_ESCAPE.test(raw)) throw new ObjectPathError("invalid_encoding");
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new ObjectPathError("invalid_encoding");
  }
  if (decoded === "." || decoded === "..") throw new ObjectPathError("dot_segment");
  // An encoded separator would let one segment pose as two, past the checks on each.
  if (decoded.includes("/") || decoded.includes("\\")) throw new ObjectPathError("separator_in_segment");
  if (CONTROL.test(decoded)) throw new ObjectPathError("control_character");
  return decoded;
}

/**
 * The object name in a raw, still percent-encoded URL path tail (what follows `/object/<bucket>/`),
 * each segment decoded exactly once; throws ObjectPathError for a name storage must not hold.
 */
export function parseObjectPath(rawPath: string): string {
  if (rawPath.length > MAX_RAW_PATH_LENGTH) throw new ObjectPathError("name_too_long");
  const rawSegments = rawPath.split("/");
  if (rawSegments.length > MAX_OBJECT_NAME_SEGMENTS) throw new ObjectPathError("too_many_segments");
  const name = rawSegments.map(decodeSegment).join("/");
  if (Buffer.byteLength(name, "utf8") > MAX_OBJECT_NAME_BYTES) throw new ObjectPathError("name_too_long");
  return name;
}

/**
 * An object name given as text (a JSON body, TUS metadata), judged by the rules of URL paths with
 * each segment encoded once, so no API stores a name the URL routes could not reach; throws
 * ObjectPathError.
 */
export function checkObjectName(name: string): string {
  let rawPath: string;
  try {
    rawPath = name.split("/").map(encodeURIComponent).join("/");
  } catch {
    // An unpaired surrogate cannot be encoded, nor stored as UTF-8.
    throw new ObjectPathError("invalid_encoding");
  }
  return parseObjectPath(rawPath);
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Whether a bucket name is one the database takes: lowercase letters, digits, `.`, `_`, `-`, no `..`. */
export function isValidBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes("..");
}
