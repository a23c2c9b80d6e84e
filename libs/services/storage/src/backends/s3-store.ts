import {
  type BucketLocationConstraint,
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { BytesMissingError, UnsatisfiableRangeError } from "./bytes-errors";
import { assertByteRange, assertBytesKey } from "./bytes-key";
import type { ByteRange, ObjectBytesStore, StoredBytes, WriteOptions } from "./object-bytes-store";
import {
  createS3Client,
  isMissingBucket,
  isMissingObject,
  isOwnBucketAlready,
  isUnsatisfiableRange,
  type S3Connection,
} from "./s3-connection";
import { deleteObjects, listObjects } from "./s3-listing";
import { exactRange } from "./s3-range";
import { uploadBody, type UploadTuning } from "./s3-upload";

/** CopyObject copies at most 5 GiB; larger objects are streamed through instead. */
const LARGEST_SERVER_SIDE_COPY = 5 * 1024 ** 3;

/** Object bytes in one bucket of an S3-compatible store. */
export interface S3ObjectBytesStore extends ObjectBytesStore {
  readonly kind: "s3";
  readonly bucket: string;
  /** Creates the bucket when it does not exist yet; harmless when it does. */
  ensureBucket(): Promise<void>;
}

export type S3StoreOptions = S3Connection & Partial<UploadTuning>;

/** Stores each key's bytes as the object of the same key in the configured bucket. */
export function createS3Store(options: S3StoreOptions): S3ObjectBytesStore {
  const client = createS3Client(options);
  const { bucket } = options;
  const tuning: UploadTuning = {
    partSizeBytes: options.partSizeBytes ?? 8 * 1024 ** 2,
    partsInFlight: options.partsInFlight ?? 4,
  };

  async function write(key: string, body: Readable, writeOptions: WriteOptions = {}): Promise<StoredBytes> {
    try {
      assertBytesKey(key);
      return await uploadBody({ client, bucket, key }, body, writeOptions, tuning);
    } catch (error) {
      body.destroy();
      throw error;
    }
  }

  async function read(key: string, range?: ByteRange): Promise<Readable> {
    assertBytesKey(key);
    if (range) assertByteRange(range);
    const asked = range ? `bytes=${range.start}-${range.end ?? ""}` : undefined;
    const answer = await client
      .send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: asked }))
      .catch((error) => {
        if (isMissingObject(error)) throw new BytesMissingError(key);
        if (range && isUnsatisfiableRange(error)) throw new UnsatisfiableRangeError(key, range.start);
        throw error;
      });
    if (!(answer.Body instanceof Readable)) throw new Error(`The store answered ${key} without a readable body`);
    if (!range) return answer.Body;
    return exactRange(key, answer.Body, range, {
      contentRange: answer.ContentRange,
      contentLength: answer.ContentLength,
    });
  }

  async function stat(key: string): Promise<{ size: number } | undefined> {
    assertBytesKey(key);
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async function copy(fromKey: string, toKey: string): Promise<void> {
    assertBytesKey(toKey);
    const source = await stat(fromKey);
    if (!source) throw new BytesMissingError(fromKey);
    if (source.size > LARGEST_SERVER_SIDE_COPY) {
      await write(toKey, await read(fromKey));
      return;
    }
    const copySource = `${bucket}/${fromKey.split("/").map(encodeURIComponent).join("/")}`;
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: toKey, CopySource: copySource })).catch((error) => {
      if (isMissingObject(error)) throw new BytesMissingError(fromKey);
      throw error;
    });
  }

  async function ensureBucket(): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      if (!isMissingBucket(error)) throw error;
    }
    // us-east-1 is the one region S3 wants no location constraint for.
    const location =
      options.region === "us-east-1" ? undefined : { LocationConstraint: options.region as BucketLocationConstraint };
    await client
      .send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: location }))
      .catch((error) => {
        if (!isOwnBucketAlready(error)) throw error;
      });
  }

  return {
    kind: "s3",
    bucket,
    write,
    read,
    stat,
    copy,
    remove: (keys) => deleteObjects(client, bucket, keys),
    list: (prefix) => listObjects(client, bucket, prefix),
    ensureBucket,
    close: async () => client.destroy(),
  };
}
