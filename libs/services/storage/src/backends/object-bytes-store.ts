import type { Readable } from "node:stream";

/** What a completed write stored: its length and SHA-256 (hex), computed while it streamed. */
export interface StoredBytes {
  size: number;
  sha256: string;
}

/** A slice of an object's bytes; `end` is inclusive, and a missing `end` reads to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface WriteOptions {
  /** More bytes than this fail the write with BytesTooLargeError, and nothing lands. */
  maxBytes?: number;
  contentType?: string;
}

/** A key and the length of the bytes stored under it. */
export interface ListedBytes {
  key: string;
  size: number;
}

/**
 * Where object bytes live. Keys are chosen by the storage service, never taken from a request,
 * and every method refuses a malformed key with InvalidBytesKeyError before touching storage.
 */
export interface ObjectBytesStore {
  readonly kind: "filesystem" | "s3";
  /** Streams body to key; atomic; fails with BytesTooLargeError as soon as more than maxBytes arrive (nothing lands). */
  write(key: string, body: Readable, options?: WriteOptions): Promise<StoredBytes>;
  /** Reads all or a range; BytesMissingError when the key has no bytes, UnsatisfiableRangeError when the range starts past the end. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** The size stored under key, or undefined when there is none. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Removes keys; missing ones are fine. */
  remove(keys: readonly string[]): Promise<void>;
  /** Copies the bytes at fromKey to toKey, atomically replacing what toKey held; BytesMissingError when fromKey has none. */
  copy(fromKey: string, toKey: string): Promise<void>;
  /** Every key under a prefix with its size, for reconciliation (paged internally, streaming). */
  list(prefix: string): AsyncIterable<ListedBytes>;
  /** Releases clients/handles. */
  close(): Promise<void>;
}
