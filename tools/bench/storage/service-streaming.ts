import { rm } from "node:fs/promises";
import type { BenchFigure } from "../bench-report";
import { removeObjects, type TransferClient } from "./api-transfers";
import type { BenchFolder } from "./bench-folder";
import { secondsOf, type TimedSide } from "./in-turns";
import { sha256OfFile } from "./random-file";
import { progress } from "./storage-bench-settings";
import type { StorageBenchService } from "./storage-bench-service";

const WARM_UP_BYTES = 16 * 1024 ** 2;

/** A file on disk to stream through the service: its path, size and SHA-256. */
export interface SourceFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** The service's upload and download as sides of a measurement, and its memory during each. */
export interface ServiceStreaming {
  upload: TimedSide;
  download: TimedSide;
  /** Resident memory after a warm-up transfer, before the measured ones. */
  idleMegabytes: number;
  /** The peak resident memory of each measured upload and download. */
  uploadPeaks: number[];
  downloadPeaks: number[];
}

/** Fails unless a download brought the whole file back (compared byte for byte in the first round); removes it. */
export async function checkDownload(
  target: string,
  received: number,
  source: SourceFile,
  round: number,
): Promise<void> {
  if (received !== source.bytes) throw new Error(`downloaded ${received} bytes of ${source.bytes}`);
  if (round === 0 && (await sha256OfFile(target)) !== source.sha256) {
    throw new Error("the downloaded bytes differ from the uploaded file");
  }
  await rm(target);
}

/** Uploads and downloads a small part of the file once, so the measured turns find the service warm. */
async function warmUp(
  service: StorageBenchService,
  source: SourceFile,
  folder: BenchFolder,
  client: TransferClient,
): Promise<void> {
  const url = service.objectUrl("warm-up.bin");
  await client.upload(url, service.token, source.path, Math.min(WARM_UP_BYTES, source.bytes));
  await client.download(url, service.token, folder.file("warm-up.bin"));
  await rm(folder.file("warm-up.bin"));
  await removeObjects(service, ["warm-up.bin"]);
}

/**
 * The file streamed up to the service and back down into `folder` by `client`, one object per
 * round (removed after its download); the first download is checked byte for byte against the source.
 */
export async function serviceStreaming(
  service: StorageBenchService,
  source: SourceFile,
  folder: BenchFolder,
  client: TransferClient,
): Promise<ServiceStreaming> {
  await warmUp(service, source, folder, client);
  const idleMegabytes = (await service.memory()).residentMegabytes;
  progress(`service resident memory when idle: ${idleMegabytes.toFixed(0)} MB`);
  const uploadPeaks: number[] = [];
  const downloadPeaks: number[] = [];
  const pathOf = (round: number) => `streamed/${client.label}/round-${round + 1}.bin`;
  return {
    idleMegabytes,
    uploadPeaks,
    downloadPeaks,
    async upload(round) {
      await service.startMemoryWindow();
      const seconds = await secondsOf(() =>
        client.upload(service.objectUrl(pathOf(round)), service.token, source.path),
      );
      uploadPeaks.push((await service.memory()).peakMegabytes);
      return seconds;
    },
    async download(round) {
      const target = folder.file(`downloaded-${client.label.replace(":", "-")}-${round + 1}.bin`);
      await service.startMemoryWindow();
      let received = 0;
      const seconds = await secondsOf(
        async () => (received = await client.download(service.objectUrl(pathOf(round)), service.token, target)),
      );
      downloadPeaks.push((await service.memory()).peakMegabytes);
      await checkDownload(target, received, source, round);
      await removeObjects(service, [pathOf(round)]);
      return seconds;
    },
  };
}

/**
 * The service's peak resident memory during uploads and downloads against its idle memory (the
 * highest peak of all turns): streaming keeps it flat, whatever the file's size.
 */
export function streamingMemoryFigures(streaming: ServiceStreaming, label: string): BenchFigure[] {
  const figure = (direction: string, peaks: number[]): BenchFigure => ({
    name: `  service peak RSS during the ${direction} (${label})`,
    unit: "MB",
    ours: Math.max(...peaks),
    baseline: streaming.idleMegabytes,
    baselineName: "the service's RSS when idle",
    higherIsBetter: false,
    compare: "difference",
    target: 100,
  });
  return [figure("upload", streaming.uploadPeaks), figure("download", streaming.downloadPeaks)];
}
