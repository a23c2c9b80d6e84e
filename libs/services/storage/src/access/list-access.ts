import type { AccessGrant, listAccessInputSchema, Page } from "@cauldron/contracts";
import type { z } from "zod";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { findObject } from "../objects/object-queries";
import { objectNotFound } from "../objects/object-refusals";
import type { StorageReader } from "../objects/storage-caller";
import { listGrants } from "./grant-queries";

/** The grants the caller may see on a bucket and its objects, or on one object. */
export async function listAccess(
  caller: StorageReader,
  input: z.output<typeof listAccessInputSchema>,
): Promise<Page<AccessGrant>> {
  return caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, input.bucket);
    if (!bucket) throw bucketNotFound(input.bucket);
    if (input.path === undefined) return listGrants(trx, caller.organizationId, { bucketId: bucket.id }, input);
    const object = await findObject(trx, bucket.id, input.path);
    if (!object) throw objectNotFound(input.path);
    return listGrants(trx, caller.organizationId, { bucketId: bucket.id, objectId: object.id }, input);
  });
}
