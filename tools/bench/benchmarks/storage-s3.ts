import { randomBytes } from "node:crypto";
import type { BenchFigure } from "../bench-report";
import { apiSmallObjects } from "../storage/api-small-objects";
import { createBenchFolder, type BenchFolder } from "../storage/bench-folder";
import { bestTransferRates, runInTurns } from "../storage/in-turns";
import { writeRandomFile } from "../storage/random-file";
import { startS3BenchEmulator, type S3BenchEmulator } from "../storage/s3-bench-emulator";
import { s3DirectStreaming } from "../storage/s3-direct-streaming";
import { s3SmallObjects } from "../storage/s3-small-objects";
import { serviceStreaming, streamingMemoryFigures } from "../storage/service-streaming";
import { IN_FLIGHT, smallObjectFigures, smallObjectSides } from "../storage/small-object-rounds";
import {
  progress,
  sizeLabel,
  storageBenchSettings,
  type StorageBenchSettings,
} from "../storage/storage-bench-settings";
import { startStorageBenchService, type StorageBenchService } from "../storage/storage-bench-service";
import { NODE_HTTP_CLIENT } from "../storage/api-transfers";

const OBJECT_BYTES = 1024;

async function streamingFigures(
  settings: StorageBenchSettings,
  service: StorageBenchService,
  emulator: S3BenchEmulator,
  folder: BenchFolder,
): Promise<BenchFigure[]> {
  const bytes = settings.BENCH_STORAGE_S3_BYTES;
  const size = sizeLabel(bytes);
  progress(`writing ${size} of random bytes to ${folder.path}`);
  const source = {
    path: folder.file("source.bin"),
    bytes,
    sha256: await writeRandomFile(folder.file("source.bin"), bytes),
  };
  // node:http, as the AWS SDK's own handler on the direct side.
  const streaming = await serviceStreaming(service, source, folder, NODE_HTTP_CLIENT);
  const direct = s3DirectStreaming(emulator, source, folder);
  const rate = await bestTransferRates(settings.BENCH_STORAGE_ROUNDS, bytes, {
    "lib-storage Upload to the emulator": direct.upload,
    "GetObject from the emulator": direct.download,
    "upload through the API": streaming.upload,
    "download through the API": streaming.download,
  });
  const figure = (direction: string, ours: number, baseline: number, baselineName: string): BenchFigure => ({
    name: `storage ${direction}, Supabase API, ${size} (S3 on s3rver)`,
    unit: "MB/s",
    ours,
    baseline,
    baselineName,
    higherIsBetter: true,
  });
  return [
    figure(
      "upload",
      rate("upload through the API"),
      rate("lib-storage Upload to the emulator"),
      "@aws-sdk/lib-storage Upload straight to s3rver, 8 MiB x 4 parts",
    ),
    figure(
      "download",
      rate("download through the API"),
      rate("GetObject from the emulator"),
      "GetObject straight from s3rver",
    ),
    ...streamingMemoryFigures(streaming, `${size}, S3`),
  ];
}

async function smallFigures(objects: number, service: StorageBenchService, emulator: S3BenchEmulator) {
  const body = randomBytes(OBJECT_BYTES);
  const api = smallObjectSides(apiSmallObjects(service), objects, body);
  const direct = smallObjectSides(s3SmallObjects(emulator), objects, body);
  progress(`${objects.toLocaleString("en-US")} objects of 1 KiB, ${IN_FLIGHT} calls in flight, one pass`);
  const seconds = await runInTurns(
    1,
    {
      PutObject: direct.create,
      ListObjects: direct.list,
      DeleteObjects: direct.delete,
      "create through the API": api.create,
      "list through the API": api.list,
      "delete through the API": api.delete,
    },
    (_key, taken) => `${Math.round(objects / taken).toLocaleString("en-US")} objects/s`,
  );
  return smallObjectFigures(
    `storage ${objects.toLocaleString("en-US")} x 1 KiB (S3 on s3rver)`,
    objects,
    {
      create: { ours: seconds["create through the API"], baseline: seconds.PutObject },
      list: { ours: seconds["list through the API"], baseline: seconds.ListObjects },
      delete: { ours: seconds["delete through the API"], baseline: seconds.DeleteObjects },
    },
    {
      create: `PutObject straight to s3rver, ${IN_FLIGHT} at once`,
      list: "ListObjects straight on s3rver, pages of 1000",
      delete: "DeleteObjects straight on s3rver, 1000 per call",
    },
  );
}

/**
 * The storage service on its S3 backend against s3rver (each in its own process): a large file
 * (BENCH_STORAGE_S3_BYTES, 256 MiB by default) streamed up and down, and 2,000 small objects
 * (BENCH_STORAGE_S3_OBJECTS) created, listed and deleted, through the Supabase API, beside the
 * same operations sent straight to the emulator with @aws-sdk/client-s3. No throughput target.
 */
export async function benchStorageS3(): Promise<BenchFigure[]> {
  const settings = storageBenchSettings();
  const folder = await createBenchFolder("storage-s3");
  try {
    progress("starting s3rver and the storage service (S3 backend), each in its own process");
    const emulator = await startS3BenchEmulator();
    try {
      const service = await startStorageBenchService(emulator.serviceSettings);
      try {
        return [
          ...(await streamingFigures(settings, service, emulator, folder)),
          ...(await smallFigures(settings.BENCH_STORAGE_S3_OBJECTS, service, emulator)),
        ];
      } finally {
        await service.stop();
      }
    } finally {
      await emulator.stop();
    }
  } finally {
    await folder.remove();
  }
}
