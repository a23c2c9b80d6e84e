import type { ListObjectsInput, ObjectInfo, Page } from "@cauldron/contracts";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { listObjectRows } from "./object-queries";
import { objectView } from "./object-row";
import type { StorageReader } from "./storage-caller";

/** A page of the bucket's objects the caller may see, by path; the cursor is the last path of the page. */
export async function listObjects(caller: StorageReader, input: ListObjectsInput): Promise<Page<ObjectInfo>> {
  return caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, input.bucket);
    if (!bucket) throw bucketNotFound(input.bucket);
    const rows = await listObjectRows(trx, bucket.id, { ...input, limit: input.limit + 1, after: input.cursor });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((row) => objectView(row, bucket.name)),
      nextCursor: rows.length > input.limit ? (page[page.length - 1]?.name ?? null) : null,
    };
  });
}
