import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

/** Which of `paths` name objects of the bucket the caller may see (RLS decides), in one query. */
export async function visibleObjectPaths(
  trx: Transaction<Database>,
  bucketId: string,
  paths: readonly string[],
): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const rows = await trx
    .selectFrom("storage.objects")
    .select("name")
    .where("bucket_id", "=", bucketId)
    .where("name", "in", paths)
    .execute();
  return new Set(rows.map((row) => row.name));
}
