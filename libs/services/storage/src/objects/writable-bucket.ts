import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import type { BucketRow } from "../buckets/bucket-row";
import { findObject } from "./object-queries";
import { objectExists } from "./object-refusals";

/**
 * The bucket an upload goes to, refusing before any byte is read: a bucket the caller cannot see,
 * or (without upsert) a path already taken. The row is written later in its own transaction, which
 * checks both again.
 */
export async function requireWritableBucket(
  trx: Transaction<Database>,
  organizationId: string,
  request: { bucket: string; path: string; upsert: boolean },
): Promise<BucketRow> {
  const bucket = await findBucket(trx, organizationId, request.bucket);
  if (!bucket) throw bucketNotFound(request.bucket);
  if (!request.upsert && (await findObject(trx, bucket.id, request.path))) throw objectExists(request.path);
  return bucket;
}
