import type { ListBucketsInput } from "@cauldron/contracts";
import { containsPattern, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { BucketRow } from "./bucket-row";

/** The organization's bucket of that name, as the caller may see it; undefined when there is none. */
export async function findBucket(
  trx: Transaction<Database>,
  organizationId: string,
  name: string,
  options: { lock?: boolean } = {},
): Promise<BucketRow | undefined> {
  let query = trx
    .selectFrom("storage.buckets")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("name", "=", name);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The organization's buckets by name, a page at a time. */
export async function listBuckets(
  trx: Transaction<Database>,
  organizationId: string,
  input: ListBucketsInput,
): Promise<BucketRow[]> {
  let query = trx.selectFrom("storage.buckets").selectAll().where("organization_id", "=", organizationId);
  if (input.search) query = query.where("name", "like", containsPattern(input.search));
  return query.orderBy("name").limit(input.limit).offset(input.offset).execute();
}

/** Whether the bucket holds any object (the caller's view is enough: emptiness is checked by the owner role's constraint too). */
export async function bucketHasObjects(trx: Transaction<Database>, bucketId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("storage.objects")
    .select("id")
    .where("bucket_id", "=", bucketId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
