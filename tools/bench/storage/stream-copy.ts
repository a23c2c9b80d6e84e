import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { BenchFolder } from "./bench-folder";
import { secondsOf, type TimedSide } from "./in-turns";

/**
 * A read→write stream copy of `source` into `folder` as a side of a measurement; `flushed` syncs
 * the copy to disk when it closes, as the filesystem backend does with what it stores, and
 * `bufferBytes` sets both streams' buffers (Node's defaults when absent).
 */
export function streamCopy(
  source: string,
  folder: BenchFolder,
  options: { flushed: boolean; bufferBytes?: number },
): TimedSide {
  const highWaterMark = options.bufferBytes;
  return async (round) => {
    const target = folder.file(
      `copy-${options.flushed ? "flushed-" : ""}${highWaterMark ?? "default"}-${round + 1}.bin`,
    );
    const seconds = await secondsOf(() =>
      pipeline(
        createReadStream(source, { highWaterMark }),
        createWriteStream(target, { flush: options.flushed, highWaterMark }),
      ),
    );
    await rm(target);
    return seconds;
  };
}
