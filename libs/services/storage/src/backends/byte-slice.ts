import { Readable } from "node:stream";

async function* sliceOf(source: Readable, skip: number, length: number): AsyncGenerator<Buffer> {
  let position = 0;
  let remaining = length;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    const from = Math.max(0, skip - position);
    position += chunk.length;
    if (from >= chunk.length) continue;
    const part = chunk.subarray(from, from + remaining);
    remaining -= part.length;
    yield part;
    // Returning ends the loop, which destroys the source instead of downloading the rest.
    if (remaining === 0) return;
  }
}

/** The `length` bytes of source that follow its first `skip` bytes, read lazily with backpressure. */
export function sliceBytes(source: Readable, skip: number, length: number): Readable {
  if (length === 0) {
    source.destroy();
    return Readable.from([]);
  }
  return Readable.from(sliceOf(source, skip, length), { objectMode: false });
}
