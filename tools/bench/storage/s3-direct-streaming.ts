import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BenchFolder } from "./bench-folder";
import { secondsOf, type TimedSide } from "./in-turns";
import type { S3BenchEmulator } from "./s3-bench-emulator";
import { checkDownload, type SourceFile } from "./service-streaming";

/** The storage service's S3 backend cuts uploads so: 8 MiB parts, 4 in flight (backends/s3-store.ts). */
const PART_BYTES = 8 * 1024 ** 2;
const PARTS_IN_FLIGHT = 4;

/**
 * The file uploaded straight to the emulator with @aws-sdk/lib-storage's Upload (parts cut as the
 * service cuts them) and downloaded with GetObject, streamed to disk: the baseline of the S3 backend.
 */
export function s3DirectStreaming(
  emulator: S3BenchEmulator,
  source: SourceFile,
  folder: BenchFolder,
): { upload: TimedSide; download: TimedSide } {
  const { client, bucket } = emulator;
  const keyOf = (round: number) => `direct/round-${round + 1}.bin`;
  return {
    upload: (round) =>
      secondsOf(() =>
        new Upload({
          client,
          params: { Bucket: bucket, Key: keyOf(round), Body: createReadStream(source.path) },
          partSize: PART_BYTES,
          queueSize: PARTS_IN_FLIGHT,
        }).done(),
      ),
    async download(round) {
      const target = folder.file(`direct-downloaded-${round + 1}.bin`);
      let received = 0;
      const seconds = await secondsOf(async () => {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(round) }));
        if (!(answer.Body instanceof Readable)) throw new Error("GetObject answered without a readable body");
        const file = createWriteStream(target);
        await pipeline(answer.Body, file);
        received = file.bytesWritten;
      });
      await checkDownload(target, received, source, round);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(round) }));
      return seconds;
    },
  };
}
