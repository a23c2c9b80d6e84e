import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { BytesTooLargeError } from "./bytes-errors";
import type { StoredBytes } from "./object-bytes-store";

/**
 * Passes bytes through while counting and hashing them, and fails the stream with
 * BytesTooLargeError on the chunk that goes past the limit, before passing it on.
 */
export class ByteMeter extends Transform {
  readonly #hash = createHash("sha256");
  #size = 0;

  constructor(private readonly maxBytes: number = Number.POSITIVE_INFINITY) {
    super();
    if (!(maxBytes >= 0)) throw new RangeError(`maxBytes must be zero or more, not ${maxBytes}`);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.maxBytes) {
      callback(new BytesTooLargeError(this.maxBytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** The size and hash of everything that passed; call once, after the stream has finished. */
  measured(): StoredBytes {
    return { size: this.#size, sha256: this.#hash.digest("hex") };
  }
}
