/** A write delivered more bytes than its limit allows; nothing was stored. */
export class BytesTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The body is larger than the limit of ${limit} bytes`);
    this.name = "BytesTooLargeError";
  }
}

/** No bytes are stored under the key. */
export class BytesMissingError extends Error {
  constructor(readonly key: string) {
    super(`No bytes are stored under ${key}`);
    this.name = "BytesMissingError";
  }
}

/** A key (or list prefix) that does not follow the key rules; it never reaches the backend. */
export class InvalidBytesKeyError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Invalid bytes key ${JSON.stringify(key.slice(0, 80))}: ${reason}`);
    this.name = "InvalidBytesKeyError";
  }
}

/** A range that starts at or past the last byte (every range of an empty object does). */
export class UnsatisfiableRangeError extends Error {
  constructor(
    readonly key: string,
    readonly start: number,
  ) {
    super(`The range starting at byte ${start} lies past the end of ${key}`);
    this.name = "UnsatisfiableRangeError";
  }
}
