import type { ObjectInfo } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import type { BucketRow } from "../buckets/bucket-row";
import type { StorageRuntime } from "../storage-runtime";
import { bytesKey } from "./bytes-location";
import { discardBytes } from "./discard-bytes";
import { objectDeletedEvent } from "./object-events";
import { objectView, type ObjectRow } from "./object-row";
import type { StorageWriter } from "./storage-caller";

/**
 * Deletes the rows of `paths` the caller may delete (others, and paths with no object, are
 * skipped, as Supabase does) with an audit entry and an event each, in the caller's transaction;
 * returns the rows so their bytes can go once it commits.
 */
export async function deleteObjectRows(
  trx: Transaction<Database>,
  caller: StorageWriter,
  bucket: BucketRow,
  paths: readonly string[] | "all",
): Promise<ObjectRow[]> {
  let query = trx.deleteFrom("storage.objects").where("bucket_id", "=", bucket.id);
  if (paths !== "all") query = query.where("name", "in", paths);
  const rows = await query.returningAll().execute();
  for (const row of rows) {
    await caller.record(trx, {
      action: "object.deleted",
      target: { type: "object", id: row.id },
      metadata: { bucket: bucket.name, path: row.name },
      events: [objectDeletedEvent(row, bucket.name, caller.actorUserId)],
    });
  }
  return rows;
}

/** Removes objects by path, answering those removed; their bytes go after the rows. */
export async function removeObjects(
  runtime: StorageRuntime,
  caller: StorageWriter,
  bucketName: string,
  paths: readonly string[],
): Promise<ObjectInfo[]> {
  const { rows, bucket } = await caller.tenant(async (trx) => {
    const found = await findBucket(trx, caller.organizationId, bucketName);
    if (!found) throw bucketNotFound(bucketName);
    return { bucket: found, rows: await deleteObjectRows(trx, caller, found, [...new Set(paths)]) };
  });
  await discardBytes(
    runtime,
    rows.map((row) => bytesKey(row.organization_id, row.version)),
  );
  return rows.map((row) => objectView(row, bucket.name));
}
