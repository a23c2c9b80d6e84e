import { withSystem, type Database } from "@cauldron/db";
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from "kysely";

/** A resumable upload in progress, as stored. */
export type UploadRow = Selectable<Database["storage.uploads"]>;

/** Records a new upload; RLS refuses it unless the caller may write to the bucket. */
export function insertUpload(
  trx: Transaction<Database>,
  values: Insertable<Database["storage.uploads"]>,
): Promise<UploadRow> {
  return trx.insertInto("storage.uploads").values(values).returningAll().executeTakeFirstOrThrow();
}

/** The caller's upload by id if it has not expired; another user's (unless the caller is an admin) is hidden by RLS. */
export function findLiveUpload(trx: Transaction<Database>, uploadId: string): Promise<UploadRow | undefined> {
  return trx
    .selectFrom("storage.uploads")
    .selectAll()
    .where("id", "=", uploadId)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

/**
 * Records one more part of `size` bytes, only if the upload is still where `seen` found it: a
 * request that lost a race to another gets false and must drop its part.
 */
export async function recordUploadPart(trx: Transaction<Database>, seen: UploadRow, size: number): Promise<boolean> {
  const result = await trx
    .updateTable("storage.uploads")
    .set({ upload_offset: seen.upload_offset + size, part_count: seen.part_count + 1 })
    .where("id", "=", seen.id)
    .where("upload_offset", "=", seen.upload_offset)
    .where("part_count", "=", seen.part_count)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the upload, only while it is where `seen` found it when that is given; whether a row went. */
export async function deleteUpload(trx: Transaction<Database>, uploadId: string, seen?: UploadRow): Promise<boolean> {
  let query = trx.deleteFrom("storage.uploads").where("id", "=", uploadId);
  if (seen) query = query.where("upload_offset", "=", seen.upload_offset).where("part_count", "=", seen.part_count);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes up to `limit` uploads that expired, of every organization (a system sweep); returns their ids. */
export async function deleteExpiredUploads(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await withSystem(db, (trx) =>
    trx
      .deleteFrom("storage.uploads")
      .where("id", "in", (sub) =>
        sub
          .selectFrom("storage.uploads")
          .select("id")
          .where("expires_at", "<=", sql<Date>`now()`)
          .limit(limit),
      )
      .returning("id")
      .execute(),
  );
  return rows.map((row) => row.id);
}

/** Which of these upload ids still have a row, in any organization (a system read for the part sweep). */
export async function uploadsStillOpen(db: Kysely<Database>, uploadIds: readonly string[]): Promise<Set<string>> {
  if (uploadIds.length === 0) return new Set();
  const rows = await withSystem(db, (trx) =>
    trx.selectFrom("storage.uploads").select("id").where("id", "in", uploadIds).execute(),
  );
  return new Set(rows.map((row) => row.id));
}
