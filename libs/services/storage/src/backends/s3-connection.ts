import { S3Client, S3ServiceException } from "@aws-sdk/client-s3";

/** Where an S3-compatible store is and how to sign in to it. */
export interface S3Connection {
  /** Unset means AWS itself; set it for MinIO, Ceph, R2, s3rver and the like. */
  endpoint?: string;
  region: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint>/<key>`; most self-hosted stores need it. */
  forcePathStyle: boolean;
}

/**
 * A client for the connection. Checksums are sent and checked only where the S3 API requires
 * them, because many S3-compatible stores refuse the newer optional checksum headers.
 */
export function createS3Client(connection: S3Connection): S3Client {
  return new S3Client({
    ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
    region: connection.region,
    credentials: connection.credentials,
    forcePathStyle: connection.forcePathStyle,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function failureOf(error: unknown): { name: string; status: number | undefined } | undefined {
  if (!(error instanceof S3ServiceException)) return undefined;
  return { name: error.name, status: error.$metadata.httpStatusCode };
}

/** Whether S3 answered that the key holds no object (HEAD answers a bare 404 named NotFound). */
export function isMissingObject(error: unknown): boolean {
  const failure = failureOf(error);
  return failure?.name === "NoSuchKey" || failure?.name === "NotFound";
}

/** Whether S3 answered that the bucket does not exist. */
export function isMissingBucket(error: unknown): boolean {
  const failure = failureOf(error);
  return failure?.name === "NoSuchBucket" || failure?.status === 404;
}

/** Whether S3 answered 416: the range starts past the object's end. */
export function isUnsatisfiableRange(error: unknown): boolean {
  const failure = failureOf(error);
  return failure?.name === "InvalidRange" || failure?.status === 416;
}

/** Whether CreateBucket found the bucket already there and ours. */
export function isOwnBucketAlready(error: unknown): boolean {
  return failureOf(error)?.name === "BucketAlreadyOwnedByYou";
}
