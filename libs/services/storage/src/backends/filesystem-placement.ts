import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { isMissingPath, newPartialPath } from "./filesystem-paths";
import { STREAM_BUFFER_BYTES } from "./stream-buffer";

// A concurrent removal may prune the target's freshly made folder before the rename; recreate and retry.
const PLACEMENT_ATTEMPTS = 5;

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function moveIntoPlace(partial: string, target: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(partial, target);
      break;
    } catch (error) {
      if (!isMissingPath(error) || attempt === PLACEMENT_ATTEMPTS) throw error;
    }
  }
  // The rename itself is durable only once its folder's entry is on disk.
  await syncFolder(dirname(target));
}

/**
 * Hands `fill` a stream into the new file at `partial` (created exclusively, flushed to disk when
 * it closes) and returns once the file is closed, whether `fill` succeeded or not.
 */
export async function fillPartialFile(partial: string, fill: (file: WriteStream) => Promise<void>): Promise<void> {
  const file = createWriteStream(partial, { flags: "wx", flush: true, highWaterMark: STREAM_BUFFER_BYTES });
  try {
    await fill(file);
  } finally {
    // Removing the partial file before a failed stream let go of it could leave a file behind.
    if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()));
  }
}

/**
 * Runs `fill` to write a new partial file (see fillPartialFile) and renames it over `target`, so
 * the target holds either its old bytes or all the new ones. On any failure the partial file is
 * removed and the error rethrown.
 */
export async function writeAtomically<T>(
  root: string,
  target: string,
  fill: (partial: string) => Promise<T>,
): Promise<T> {
  const partial = newPartialPath(root);
  await mkdir(dirname(partial), { recursive: true });
  try {
    const result = await fill(partial);
    await moveIntoPlace(partial, target);
    return result;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
