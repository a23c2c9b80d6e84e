import type { ListObjectsInput } from "@cauldron/contracts";
import { containsPattern, prefixPattern, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { ObjectRow } from "./object-row";

/** The object at `path` in the bucket, as the caller may see it; locked for the transaction when asked. */
export async function findObject(
  trx: Transaction<Database>,
  bucketId: string,
  path: string,
  options: { lock?: boolean } = {},
): Promise<ObjectRow | undefined> {
  let query = trx.selectFrom("storage.objects").selectAll().where("bucket_id", "=", bucketId).where("name", "=", path);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** A page of the bucket's objects by path, after the cursor (the last path of the previous page). */
export async function listObjectRows(
  trx: Transaction<Database>,
  bucketId: string,
  input: Pick<ListObjectsInput, "prefix" | "search" | "limit"> & { after?: string },
): Promise<ObjectRow[]> {
  let query = trx.selectFrom("storage.objects").selectAll().where("bucket_id", "=", bucketId);
  if (input.prefix) query = query.where("name", "like", prefixPattern(input.prefix));
  if (input.search) query = query.where(sql<string>`lower(name)`, "like", containsPattern(input.search));
  if (input.after !== undefined) query = query.where("name", ">", input.after);
  return query.orderBy("name").limit(input.limit).execute();
}
