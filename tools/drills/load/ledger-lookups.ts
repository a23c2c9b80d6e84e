import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { AcknowledgedWriteOf } from "./ledger";

type Trx = Transaction<Database>;

/** How an object was found: its recorded checksum and where its bytes live. */
export interface StoredObject {
  checksum: string | null;
  bytesKey: string;
}

/** The key an object has in a ledger and in lookups. */
export const objectKey = (write: { organizationId: string; bucket: string; path: string }) =>
  `${write.organizationId}/${write.bucket}/${write.path}`;

/** Which of these team ids exist. */
export async function findTeams(trx: Trx, ids: readonly string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom("teams").select("id").where("id", "in", ids).execute();
  return new Set(rows.map((row) => row.id));
}

/** Which of these document ids exist and are not deleted. */
export async function findDocuments(trx: Trx, ids: readonly string[]): Promise<Set<string>> {
  const rows = await trx
    .selectFrom("lore.documents")
    .select("id")
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Which of these embedding ids exist. */
export async function findEmbeddings(trx: Trx, ids: readonly string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom("vector.embeddings").select("id").where("id", "in", ids).execute();
  return new Set(rows.map((row) => row.id));
}

/** The stored objects among these writes, by objectKey. */
export async function findObjects(
  trx: Trx,
  writes: readonly AcknowledgedWriteOf<"object">[],
): Promise<Map<string, StoredObject>> {
  const rows = await trx
    .selectFrom("storage.objects as object")
    .innerJoin("storage.buckets as bucket", "bucket.id", "object.bucket_id")
    .select(["object.organization_id", "bucket.name as bucket", "object.name", "object.checksum", "object.version"])
    .where("object.organization_id", "in", [...new Set(writes.map((write) => write.organizationId))])
    .where("bucket.name", "in", [...new Set(writes.map((write) => write.bucket))])
    .where(
      "object.name",
      "in",
      writes.map((write) => write.path),
    )
    .execute();
  return new Map(
    rows.map((row) => [
      objectKey({ organizationId: row.organization_id, bucket: row.bucket, path: row.name }),
      { checksum: row.checksum, bytesKey: `${row.organization_id}/${row.version}` },
    ]),
  );
}

/** How many points each of these batches holds, by batch id. */
export async function countPointBatches(
  trx: Trx,
  writes: readonly AcknowledgedWriteOf<"points">[],
): Promise<Map<string, number>> {
  const times = writes.map((write) => Date.parse(write.acknowledgedAt));
  // Points are stamped up to a few seconds before their acknowledgement; the range lets the
  // partitioned table skip every chunk outside it.
  const from = new Date(Math.min(...times) - 3_600_000);
  const to = new Date(Math.max(...times) + 3_600_000);
  const batch = sql<string>`dimensions ->> 'batch'`;
  const rows = await trx
    .selectFrom("timeseries.business_metrics")
    .select([batch.as("batch"), (eb) => eb.fn.countAll<string>().as("count")])
    .where("organization_id", "in", [...new Set(writes.map((write) => write.organizationId))])
    .where("metric_name", "in", [...new Set(writes.map((write) => write.metric))])
    .where("time", ">=", from)
    .where("time", "<=", to)
    .where(
      batch,
      "in",
      writes.map((write) => write.batchId),
    )
    .groupBy(batch)
    .execute();
  return new Map(rows.map((row) => [row.batch, Number(row.count)]));
}
