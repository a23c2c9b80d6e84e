import type { FileMetadata, ObjectInfo, updateFileMetadataInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction, Updateable } from "kysely";
import type { z } from "zod";
import { accessDenied } from "../access/access-refusals";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { findObject } from "../objects/object-queries";
import { objectNotFound } from "../objects/object-refusals";
import { objectView } from "../objects/object-row";
import type { StorageWriter } from "../objects/storage-caller";
import { fileMetadataView, findFileMetadata, type FileMetadataRow } from "./file-metadata-queries";

type UpdateFileMetadataInput = z.output<typeof updateFileMetadataInputSchema>;
type FileMetadataChange = Updateable<Database["file_metadata"]>;

function changedColumns(input: UpdateFileMetadataInput): FileMetadataChange {
  return {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.tags !== undefined && { tags: [...new Set(input.tags)] }),
    ...(input.entity !== undefined && { entity_type: input.entity?.type ?? null, entity_id: input.entity?.id ?? null }),
  };
}

async function saveFileMetadata(
  trx: Transaction<Database>,
  caller: StorageWriter,
  objectId: string,
  columns: FileMetadataChange,
): Promise<FileMetadataRow> {
  const existing = await findFileMetadata(trx, objectId);
  if (!existing) {
    return trx
      .insertInto("file_metadata")
      .values({
        ...columns,
        organization_id: caller.organizationId,
        object_id: objectId,
        created_by: caller.actorUserId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (Object.keys(columns).length === 0) return existing;
  return trx
    .updateTable("file_metadata")
    .set(columns)
    .where("id", "=", existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Describes an object (title, description, tags, the record it belongs to), creating its
 * description on first use; fields left out keep their value. Needs write rank on the object.
 */
export async function updateFileMetadata(
  caller: StorageWriter,
  input: UpdateFileMetadataInput,
): Promise<ObjectInfo & { details: FileMetadata }> {
  return caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, input.bucket);
    if (!bucket) throw bucketNotFound(input.bucket);
    if (!(await findObject(trx, bucket.id, input.path))) throw objectNotFound(input.path);
    // Locking needs write rank (RLS applies the update policy), and keeps one description per object.
    const object = await findObject(trx, bucket.id, input.path, { lock: true });
    if (!object) throw accessDenied(`You may read "${input.path}" but not describe it`);
    const columns = changedColumns(input);
    const row = await saveFileMetadata(trx, caller, object.id, columns);
    await caller.record(trx, {
      action: "object.described",
      target: { type: "object", id: object.id },
      metadata: { bucket: bucket.name, path: object.name, changed: Object.keys(columns) },
    });
    return { ...objectView(object, bucket.name), details: fileMetadataView(row) };
  });
}
