import { rm } from "node:fs/promises";
import path from "node:path";
import type { TransferClient } from "./api-transfers";
import type { BenchFolder } from "./bench-folder";
import { secondsOf, type TimedSide } from "./in-turns";
import { checkDownload, type SourceFile } from "./service-streaming";
import type { StorageBenchService } from "./storage-bench-service";

/** Where the service's process keeps the bare routes' files (STORAGE_BENCH_BARE_DIR). */
export const bareFolderOf = (folder: BenchFolder) => folder.file("bare");

/**
 * The same upload and download with the same client against bare node:http routes in the
 * service's process: a body streamed into a flushed file and back, with nothing else done. What
 * the service takes beyond these is its own; what these take beyond a copy is HTTP's.
 */
export function bareStreaming(
  service: StorageBenchService,
  source: SourceFile,
  folder: BenchFolder,
  client: TransferClient,
): { upload: TimedSide; download: TimedSide } {
  const urlOf = (round: number) => service.bareUrl(`round-${round + 1}.bin`);
  return {
    upload: (round) => secondsOf(() => client.upload(urlOf(round), service.token, source.path)),
    async download(round) {
      const target = folder.file(`bare-downloaded-${round + 1}.bin`);
      let received = 0;
      const seconds = await secondsOf(
        async () => (received = await client.download(urlOf(round), service.token, target)),
      );
      await checkDownload(target, received, source, round);
      await rm(path.join(bareFolderOf(folder), `round-${round + 1}.bin`));
      return seconds;
    },
  };
}
