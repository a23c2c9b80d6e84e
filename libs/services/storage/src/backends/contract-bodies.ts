import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";

const CHUNK = 64 * 1024;

/** `length` bytes from `offset` of the deterministic pattern test bodies are made of (seeded per body). */
function patternChunk(offset: number, length: number, seed: number): Buffer {
  const chunk = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index += 1) {
    const position = offset + index;
    chunk[index] = (position * 131 + seed + (position >> 12) * 7 + (position >> 20) * 13) & 255;
  }
  return chunk;
}

/** `size` bytes of the pattern, as one buffer, for comparing slices. */
export function patternBytes(size: number, seed = 7): Buffer {
  return patternChunk(0, size, seed);
}

async function* patternChunks(size: number, seed: number, failAfter?: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < size; offset += CHUNK) {
    if (failAfter !== undefined && offset >= failAfter) throw new Error("the client connection was reset");
    yield patternChunk(offset, Math.min(CHUNK, size - offset), seed);
  }
}

/** A body streaming `size` pattern bytes in 64 KiB chunks, produced as they are read. */
export function patternBody(size: number, seed = 7): Readable {
  return Readable.from(patternChunks(size, seed), { objectMode: false });
}

/** A body that streams pattern bytes, then fails like a dropped connection after about `failAfter` bytes. */
export function failingBody(failAfter: number, seed = 7): Readable {
  return Readable.from(patternChunks(Number.MAX_SAFE_INTEGER, seed, failAfter), { objectMode: false });
}

/** A body destroyed without an error after about `after` bytes, as when a client goes away mid-upload. */
export function abandonedBody(after: number, seed = 7): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= after) {
        this.destroy();
        return;
      }
      this.push(patternChunk(sent, CHUNK, seed));
      sent += CHUNK;
    },
  });
}

/** A body that never ends, for proving a limit stops the reading. */
export function endlessBody(): Readable {
  return failingBody(Number.MAX_SAFE_INTEGER);
}

/** The SHA-256 (hex) of `size` pattern bytes, computed chunk by chunk. */
export async function patternSha256(size: number, seed = 7): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of patternChunks(size, seed)) hash.update(chunk);
  return hash.digest("hex");
}

/** Everything a stream yields, as one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A body of fixed bytes, in one chunk. */
export function bodyOf(bytes: Buffer | string): Readable {
  return Readable.from([Buffer.from(bytes)], { objectMode: false });
}

export function sha256Of(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A fresh key shaped like the service's, so tests never see each other's bytes. */
export function freshKey(tail = "object"): string {
  return `${randomUUID()}/bucket/${randomUUID()}/${tail}`;
}
