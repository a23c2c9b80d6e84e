import { open, stat as statPath, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ByteMeter } from "./byte-meter";
import { BytesMissingError, UnsatisfiableRangeError } from "./bytes-errors";
import { assertByteRange } from "./bytes-key";
import { listFiles } from "./filesystem-listing";
import { sweepPartialFiles } from "./filesystem-partials";
import { isMissingPath, keyPath } from "./filesystem-paths";
import { fillPartialFile, writeAtomically } from "./filesystem-placement";
import { removeFiles } from "./filesystem-removal";
import { STREAM_BUFFER_BYTES } from "./stream-buffer";
import type { ByteRange, ObjectBytesStore, StoredBytes, WriteOptions } from "./object-bytes-store";

/** Object bytes as files under one root folder. */
export interface FilesystemObjectBytesStore extends ObjectBytesStore {
  readonly kind: "filesystem";
  readonly root: string;
  /** Removes partial files older than olderThanMs that a crash left behind; returns how many. */
  sweepPartials(olderThanMs: number): Promise<number>;
}

/** Opens the file of a key for reading with its size, or fails with BytesMissingError. */
async function openStored(path: string, key: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (isMissingPath(error)) throw new BytesMissingError(key);
    throw error;
  }
  const stats = await handle.stat();
  if (stats.isFile()) return { handle, size: stats.size };
  await handle.close();
  throw new BytesMissingError(key);
}

/**
 * Stores each key's bytes in a file at `<root>/<key>`. A write streams into `<root>/.partial/`,
 * is flushed to disk, then renamed into place, so readers see the old bytes or all the new ones.
 */
export function createFilesystemStore(root: string): FilesystemObjectBytesStore {
  const base = resolve(root);

  async function write(key: string, body: Readable, options: WriteOptions = {}): Promise<StoredBytes> {
    try {
      const target = keyPath(base, key);
      const meter = new ByteMeter(options.maxBytes);
      return await writeAtomically(base, target, async (partial) => {
        await fillPartialFile(partial, (file) => pipeline(body, meter, file));
        return meter.measured();
      });
    } catch (error) {
      body.destroy();
      throw error;
    }
  }

  async function read(key: string, range?: ByteRange): Promise<Readable> {
    const path = keyPath(base, key);
    if (range) assertByteRange(range);
    const { handle, size } = await openStored(path, key);
    if (range && range.start >= size) {
      await handle.close();
      throw new UnsatisfiableRangeError(key, range.start);
    }
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: STREAM_BUFFER_BYTES });
  }

  async function stat(key: string): Promise<{ size: number } | undefined> {
    const path = keyPath(base, key);
    try {
      const stats = await statPath(path);
      return stats.isFile() ? { size: stats.size } : undefined;
    } catch (error) {
      if (isMissingPath(error)) return undefined;
      throw error;
    }
  }

  async function copy(fromKey: string, toKey: string): Promise<void> {
    const target = keyPath(base, toKey);
    const { handle: source } = await openStored(keyPath(base, fromKey), fromKey);
    const bytes = source.createReadStream();
    try {
      await writeAtomically(base, target, (partial) => fillPartialFile(partial, (file) => pipeline(bytes, file)));
    } finally {
      bytes.destroy();
    }
  }

  return {
    kind: "filesystem",
    root: base,
    write,
    read,
    stat,
    copy,
    remove: (keys) => removeFiles(base, keys),
    list: (prefix) => listFiles(base, prefix),
    sweepPartials: (olderThanMs) => sweepPartialFiles(base, olderThanMs),
    close: async () => undefined,
  };
}
