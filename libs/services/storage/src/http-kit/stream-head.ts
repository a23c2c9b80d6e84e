import { Readable } from "node:stream";

/** The first bytes of a stream, and a stream of all its bytes, those first ones included. */
export interface StreamHead {
  head: Buffer;
  rest: Readable;
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("readStreamHead reads byte streams only");
}

/**
 * Reads the first `bytes` bytes of a stream (fewer when it ends sooner) and returns them with a
 * stream that replays them, then the remainder as the consumer asks for it. Only the chunks that
 * hold the head are read ahead; an error of the source rejects, or later errors `rest`; destroying
 * `rest` destroys the source.
 */
export async function readStreamHead(stream: Readable, bytes: number): Promise<StreamHead> {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError("bytes must be a non-negative integer");
  const chunks = stream[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let length = 0;
  let ended = false;
  try {
    while (length < bytes) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = asBuffer(next.value);
      read.push(chunk);
      length += chunk.length;
    }
  } catch (error) {
    await chunks.return?.();
    throw error;
  }
  const replay = Buffer.concat(read, length);

  async function* replayThenRemainder(): AsyncGenerator<Buffer> {
    if (replay.length > 0) yield replay;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield asBuffer(next.value);
  }

  const rest = Readable.from(replayThenRemainder(), { objectMode: false });
  // An unread remainder must not hold the source open once the consumer gives up on it.
  rest.once("close", () => void chunks.return?.());
  return { head: replay.subarray(0, bytes), rest };
}
