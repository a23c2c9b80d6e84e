import { createHash, randomFill } from "node:crypto";
import { open } from "node:fs/promises";

const CHUNK = 4 * 1024 ** 2;

const fillRandom = (buffer: Buffer, length: number) =>
  new Promise<void>((resolve, reject) => randomFill(buffer, 0, length, (error) => (error ? reject(error) : resolve())));

/**
 * Writes `bytes` random bytes to a new file at `file` (incompressible, as real uploads often
 * are) and answers their SHA-256, to check what comes back.
 */
export async function writeRandomFile(file: string, bytes: number): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(file, "wx");
  try {
    const chunk = Buffer.alloc(CHUNK);
    for (let written = 0; written < bytes; written += CHUNK) {
      const length = Math.min(CHUNK, bytes - written);
      await fillRandom(chunk, length);
      hash.update(chunk.subarray(0, length));
      await handle.write(chunk, 0, length);
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

/** The SHA-256 of a file's bytes. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(file, "r");
  try {
    for await (const chunk of handle.createReadStream({ highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}
