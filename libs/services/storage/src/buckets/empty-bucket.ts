import type { StorageRuntime } from "../storage-runtime";
import { bytesKey } from "../objects/bytes-location";
import { discardBytes } from "../objects/discard-bytes";
import { deleteObjectRows } from "../objects/remove-objects";
import type { StorageWriter } from "../objects/storage-caller";
import { findBucket } from "./bucket-queries";
import { bucketNotFound } from "./bucket-refusals";

/** Deletes every object of a bucket the caller may delete, answering how many went. */
export async function emptyBucket(runtime: StorageRuntime, caller: StorageWriter, name: string): Promise<number> {
  const rows = await caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, name, { lock: true });
    if (!bucket) throw bucketNotFound(name);
    return deleteObjectRows(trx, caller, bucket, "all");
  });
  await discardBytes(
    runtime,
    rows.map((row) => bytesKey(row.organization_id, row.version)),
  );
  return rows.length;
}
