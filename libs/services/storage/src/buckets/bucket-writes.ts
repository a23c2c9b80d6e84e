import type { Bucket, CreateBucketInput, UpdateBucketInput } from "@cauldron/contracts";
import { isUniqueViolation } from "@cauldron/rpc";
import type { StorageWriter } from "../objects/storage-caller";
import { bucketHasObjects, findBucket } from "./bucket-queries";
import { bucketNameTaken, bucketNotEmpty, bucketNotFound } from "./bucket-refusals";
import { bucketView } from "./bucket-row";

/** Creates a bucket; its name is unique within the organization. */
export async function createBucket(caller: StorageWriter, input: CreateBucketInput): Promise<Bucket> {
  try {
    return await caller.tenant(async (trx) => {
      const row = await trx
        .insertInto("storage.buckets")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          owner: caller.actorUserId,
          public: input.public,
          file_size_limit: input.fileSizeLimit ?? null,
          allowed_mime_types: input.allowedMimeTypes ?? null,
          default_access: input.defaultAccess,
          knowledge_source: input.knowledgeSource,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "bucket.created",
        target: { type: "bucket", id: row.id },
        metadata: { name: input.name, public: input.public },
      });
      return bucketView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw bucketNameTaken(input.name);
    throw error;
  }
}

/** Changes a bucket's settings; objects already stored are not re-checked against new limits. */
export async function updateBucket(caller: StorageWriter, input: UpdateBucketInput): Promise<Bucket> {
  return caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, input.name, { lock: true });
    if (!bucket) throw bucketNotFound(input.name);
    const row = await trx
      .updateTable("storage.buckets")
      .set({
        ...(input.public !== undefined && { public: input.public }),
        ...(input.fileSizeLimit !== undefined && { file_size_limit: input.fileSizeLimit }),
        ...(input.allowedMimeTypes !== undefined && { allowed_mime_types: input.allowedMimeTypes }),
        ...(input.defaultAccess !== undefined && { default_access: input.defaultAccess }),
        ...(input.knowledgeSource !== undefined && { knowledge_source: input.knowledgeSource }),
      })
      .where("id", "=", bucket.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await caller.record(trx, {
      action: "bucket.updated",
      target: { type: "bucket", id: bucket.id },
      metadata: { name: input.name, changed: Object.keys(input).filter((key) => key !== "name") },
    });
    return bucketView(row);
  });
}

/** Deletes an empty bucket (Supabase refuses a bucket that still holds objects, and so do we). */
export async function deleteBucket(caller: StorageWriter, name: string): Promise<void> {
  await caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, name, { lock: true });
    if (!bucket) throw bucketNotFound(name);
    if (await bucketHasObjects(trx, bucket.id)) throw bucketNotEmpty(name);
    await trx.deleteFrom("storage.buckets").where("id", "=", bucket.id).execute();
    await caller.record(trx, {
      action: "bucket.deleted",
      target: { type: "bucket", id: bucket.id },
      metadata: { name },
    });
  });
}
