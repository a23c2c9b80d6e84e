/** The bytes ran out before the delimiter, or more came before it than allowed. */
export class ByteScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ByteScanError";
  }
}

/** Reads a byte stream up to delimiters, holding no more than a bounded head or one chunk at a time. */
export interface ByteScanner {
  /** The bytes before `delimiter` (which is consumed); refused when more than `maxBytes` come first. */
  readUntil(delimiter: Buffer, maxBytes: number): Promise<Buffer>;
  /** Yields the bytes before `delimiter` as they arrive (the delimiter is consumed, never yielded). */
  streamUntil(delimiter: Buffer): AsyncGenerator<Buffer>;
  /** Exactly `length` bytes. */
  read(length: number): Promise<Buffer>;
}

/** A scanner over chunks; it fails with ByteScanError when they end early. */
export function byteScanner(chunks: AsyncIterator<Buffer>): ByteScanner {
  let pending: Buffer = Buffer.alloc(0);

  async function fill(): Promise<void> {
    const next = await chunks.next();
    if (next.done) throw new ByteScanError("the body ended early");
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
  }

  async function readUntil(delimiter: Buffer, maxBytes: number): Promise<Buffer> {
    let from = 0;
    for (;;) {
      const at = pending.indexOf(delimiter, from);
      if (at !== -1 && at <= maxBytes) {
        const before = pending.subarray(0, at);
        pending = pending.subarray(at + delimiter.length);
        return before;
      }
      if (at !== -1 || pending.length > maxBytes + delimiter.length) throw new ByteScanError("a part is too long");
      // A delimiter split across chunks starts within its length of the end.
      from = Math.max(0, pending.length - delimiter.length + 1);
      await fill();
    }
  }

  async function* streamUntil(delimiter: Buffer): AsyncGenerator<Buffer> {
    for (;;) {
      const at = pending.indexOf(delimiter);
      if (at !== -1) {
        const before = pending.subarray(0, at);
        pending = pending.subarray(at + delimiter.length);
        if (before.length > 0) yield before;
        return;
      }
      const kept = delimiter.length - 1;
      if (pending.length > kept) {
        const ready = pending.subarray(0, pending.length - kept);
        pending = pending.subarray(pending.length - kept);
        yield ready;
      }
      await fill();
    }
  }

  async function read(length: number): Promise<Buffer> {
    while (pending.length < length) await fill();
    const head = pending.subarray(0, length);
    pending = pending.subarray(length);
    return head;
  }

  return { readUntil, streamUntil, read };
}
