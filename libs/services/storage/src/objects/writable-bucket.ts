import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import type { BucketRow } from "../buckets/bucket-row";
import { findObject } from "./object-queries";
import type { ObjectRow } from "./object-row";
import { objectExists } from "./object-refusals";

/** Where an upload goes: its bucket, and the object it would replace (upsert), if any. */
export interface UploadTarget {
  bucket: BucketRow;
  replacing: ObjectRow | undefined;
}

/**
 * The bucket an upload goes to, refusing before any byte is read: a bucket the caller cannot see,
 * or (without upsert) a path already taken. The row is written later in its own transaction, which
 * checks both again.
 */
export async function requireWritableBucket(
  trx: Transaction<Database>,
  organizationId: string,
  request: { bucket: string; path: string; upsert: boolean },
): Promise<UploadTarget> {
  const bucket = await findBucket(trx, organizationId, request.bucket);
  if (!bucket) throw bucketNotFound(request.bucket);
  const existing = await findObject(trx, bucket.id, request.path);
  if (existing && !request.upsert) throw objectExists(request.path);
  return { bucket, replacing: existing };
}
