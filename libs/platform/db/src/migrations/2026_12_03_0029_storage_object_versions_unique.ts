import { type Kysely, sql } from "kysely";

/*
 * An object's version names its bytes (under the organization's key). Versions are drawn at random
 * for every upload and copy, so no two objects share one; making that a rule means a write that
 * reaches the table by other means than the service cannot point an object it may write at the
 * bytes of another it may not read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index objects_version_key on storage.objects (version)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index storage.objects_version_key`.execute(db);
}
