import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { assertBytesKey, assertBytesPrefix } from "./bytes-key";
import type { ListedBytes } from "./object-bytes-store";

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1_000;

/** Every object under prefix with its size, one ListObjectsV2 page at a time. */
export async function* listObjects(client: S3Client, bucket: string, prefix: string): AsyncGenerator<ListedBytes> {
  assertBytesPrefix(prefix);
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: continuationToken }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}

/** Deletes keys (all checked first) in batches; S3 counts a missing key as deleted. */
export async function deleteObjects(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  keys.forEach(assertBytesKey);
  for (let index = 0; index < keys.length; index += DELETE_BATCH) {
    const batch = keys.slice(index, index + DELETE_BATCH);
    const answer = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((key) => ({ Key: key })), Quiet: true },
      }),
    );
    const [failure] = answer.Errors ?? [];
    if (failure) {
      throw new Error(`Could not delete ${failure.Key}: ${failure.Code ?? "error"} ${failure.Message ?? ""}`.trim());
    }
  }
}
