import type { BenchFigure } from "../bench-report";
import { bareFolderOf, bareStreaming } from "../storage/bare-streaming";
import { createBenchFolder } from "../storage/bench-folder";
import { CLIENT_BUFFER_BYTES, FETCH_CLIENT, NODE_HTTP_CLIENT } from "../storage/api-transfers";
import { bestTransferRates } from "../storage/in-turns";
import { writeRandomFile } from "../storage/random-file";
import { serviceStreaming, streamingMemoryFigures } from "../storage/service-streaming";
import { progress, sizeLabel, storageBenchSettings } from "../storage/storage-bench-settings";
import { startStorageBenchService } from "../storage/storage-bench-service";
import { streamCopy } from "../storage/stream-copy";

/**
 * One large file (BENCH_STORAGE_BYTES, 1 GiB by default) uploaded through the Supabase API and
 * downloaded back, by the storage service in its own process on the filesystem backend, beside a
 * stream copy of the same file on the same disk; and the service's peak memory meanwhile. The
 * client is node:http, which costs this machine's two cores least per byte; the same transfers
 * with fetch (as storage-js sends), a copy flushed to disk and bare node:http routes are measured
 * too, to say where the time goes. The client reads and writes its file in 1 MiB steps, as the
 * service does; a copy with the same buffers is printed beside the copy with Node's defaults.
 */
export async function benchStorageStreaming(): Promise<BenchFigure[]> {
  const settings = storageBenchSettings();
  const bytes = settings.BENCH_STORAGE_BYTES;
  const size = sizeLabel(bytes);
  const folder = await createBenchFolder("storage-streaming");
  try {
    progress(`writing ${size} of random bytes to ${folder.path}`);
    const sha256 = await writeRandomFile(folder.file("source.bin"), bytes);
    const source = { path: folder.file("source.bin"), bytes, sha256 };
    progress("starting the storage service (filesystem backend, same disk) in its own process");
    const service = await startStorageBenchService({
      STORAGE_BACKEND: "filesystem",
      STORAGE_DATA_DIR: folder.file("service"),
      STORAGE_BENCH_BARE_DIR: bareFolderOf(folder),
    });
    try {
      const streaming = await serviceStreaming(service, source, folder, NODE_HTTP_CLIENT);
      const fetched = await serviceStreaming(service, source, folder, FETCH_CLIENT);
      const bare = bareStreaming(service, source, folder, NODE_HTTP_CLIENT);
      const rate = await bestTransferRates(settings.BENCH_STORAGE_ROUNDS, bytes, {
        "stream copy": streamCopy(source.path, folder, { flushed: false }),
        "stream copy flushed to disk": streamCopy(source.path, folder, { flushed: true }),
        "stream copy with the clients' buffers": streamCopy(source.path, folder, {
          flushed: false,
          bufferBytes: CLIENT_BUFFER_BYTES,
        }),
        "upload through the API": streaming.upload,
        "download through the API": streaming.download,
        "upload through the API with fetch": fetched.upload,
        "download through the API with fetch": fetched.download,
        "bare node:http upload": bare.upload,
        "bare node:http download": bare.download,
      });
      const copy = { baseline: rate("stream copy"), baselineName: "pipeline(createReadStream, createWriteStream)" };
      const bareName = "bare node:http route, same process and client";
      const besideBufferedCopy = (direction: "upload" | "download"): BenchFigure => ({
        name: `  ${direction} beside a copy with the clients' 1 MiB buffers`,
        unit: "MB/s",
        ours: rate(`${direction} through the API`),
        baseline: rate("stream copy with the clients' buffers"),
        baselineName: "the same copy, both streams' highWaterMark 1 MiB",
        higherIsBetter: true,
      });
      const withFetch = (direction: "upload" | "download"): BenchFigure => ({
        name: `  ${direction} with fetch as the client (as storage-js sends)`,
        unit: "MB/s",
        ours: rate(`${direction} through the API with fetch`),
        ...copy,
        higherIsBetter: true,
      });
      return [
        {
          name: `storage upload, Supabase API, ${size} (filesystem)`,
          unit: "MB/s",
          ours: rate("upload through the API"),
          ...copy,
          higherIsBetter: true,
          target: 0.7,
        },
        {
          name: "  upload beside a copy flushed to disk, as the backend stores",
          unit: "MB/s",
          ours: rate("upload through the API"),
          baseline: rate("stream copy flushed to disk"),
          baselineName: "the same copy, createWriteStream({ flush: true })",
          higherIsBetter: true,
        },
        besideBufferedCopy("upload"),
        withFetch("upload"),
        {
          name: "  upload beside a bare HTTP upload into a flushed file",
          unit: "MB/s",
          ours: rate("upload through the API"),
          baseline: rate("bare node:http upload"),
          baselineName: bareName,
          higherIsBetter: true,
        },
        {
          name: `storage download, Supabase API, ${size} (filesystem)`,
          unit: "MB/s",
          ours: rate("download through the API"),
          ...copy,
          higherIsBetter: true,
          target: 0.7,
        },
        besideBufferedCopy("download"),
        withFetch("download"),
        {
          name: "  download beside a bare HTTP download",
          unit: "MB/s",
          ours: rate("download through the API"),
          baseline: rate("bare node:http download"),
          baselineName: bareName,
          higherIsBetter: true,
        },
        ...streamingMemoryFigures(streaming, `${size}, filesystem`),
      ];
    } finally {
      await service.stop();
    }
  } finally {
    await folder.remove();
  }
}
