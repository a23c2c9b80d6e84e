import { DeleteObjectsCommand, ListObjectsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { batchesOf, forEachInFlight } from "./bounded-concurrency";
import type { S3BenchEmulator } from "./s3-bench-emulator";
import { IN_FLIGHT, PER_CALL, type SmallObjectStore } from "./small-object-rounds";

/** Small objects straight on the emulator: PutObject, ListObjects page after page, DeleteObjects. */
export function s3SmallObjects(emulator: S3BenchEmulator): SmallObjectStore {
  const { client, bucket } = emulator;
  const keyOf = (name: string) => `direct/${name}`;
  return {
    async create(name, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(name), Body: body }));
    },
    // ListObjects (v1), each page after the last key of the one before: s3rver signs ListObjectsV2's
    // continuation tokens with DES, which Node's OpenSSL 3 refuses, so a truncated V2 page fails there.
    async list(folder) {
      let files = 0;
      let marker: string | undefined;
      for (;;) {
        const page = await client.send(
          new ListObjectsCommand({ Bucket: bucket, Prefix: keyOf(`${folder}/`), MaxKeys: PER_CALL, Marker: marker }),
        );
        files += page.Contents?.length ?? 0;
        marker = page.Contents?.at(-1)?.Key;
        if (!page.IsTruncated || marker === undefined) return files;
      }
    },
    async remove(names) {
      let removed = 0;
      await forEachInFlight(batchesOf(names, PER_CALL), IN_FLIGHT, async (batch) => {
        const answer = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((name) => ({ Key: keyOf(name) })) },
          }),
        );
        const [failure] = answer.Errors ?? [];
        if (failure) throw new Error(`DeleteObjects refused ${failure.Key}: ${failure.Code ?? "error"}`);
        removed += answer.Deleted?.length ?? 0;
      });
      return removed;
    },
  };
}
