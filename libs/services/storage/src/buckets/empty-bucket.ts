import type { StorageRuntime } from "../storage-runtime";
import { bytesKey } from "../objects/bytes-location";
import { discardBytes } from "../objects/discard-bytes";
import { deleteObjectRows } from "../objects/remove-objects";
import type { StorageWriter } from "../objects/storage-caller";
import { findBucket } from "./bucket-queries";
import { bucketNotFound } from "./bucket-refusals";

/** Objects deleted per transaction: a bucket of millions must not become one transaction's locks and audit rows. */
const OBJECTS_PER_BATCH = 1_000;

/**
 * Deletes every object of a bucket the caller may delete, a batch of names per transaction in
 * name order (so objects the caller may not delete are passed over, not met again), each batch's
 * bytes going once its rows are gone; answers how many went.
 */
export async function emptyBucket(runtime: StorageRuntime, caller: StorageWriter, name: string): Promise<number> {
  let after: string | null = null;
  let removed = 0;
  do {
    const batch = await caller.tenant(async (trx) => {
      const bucket = await findBucket(trx, caller.organizationId, name, { lock: true });
      if (!bucket) {
        if (after === null) throw bucketNotFound(name);
        return { rows: [], last: null };
      }
      let names = trx.selectFrom("storage.objects").select("name").where("bucket_id", "=", bucket.id);
      if (after !== null) names = names.where("name", ">", after);
      const page = await names.orderBy("name").limit(OBJECTS_PER_BATCH).execute();
      const rows =
        page.length === 0
          ? []
          : await deleteObjectRows(
              trx,
              caller,
              bucket,
              page.map((row) => row.name),
            );
      return { rows, last: page.length === OBJECTS_PER_BATCH ? (page.at(-1)?.name ?? null) : null };
    });
    await discardBytes(
      runtime,
      batch.rows.map((row) => bytesKey(row.organization_id, row.version)),
    );
    removed += batch.rows.length;
    after = batch.last;
  } while (after !== null);
  return removed;
}
