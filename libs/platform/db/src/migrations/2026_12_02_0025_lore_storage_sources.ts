import { type Kysely, sql } from "kysely";

/*
 * Documents imported from storage objects are found by their source (`storage:<objectId>`) on every
 * write to a knowledge-source bucket and on every object deletion.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index documents_source_url_idx on lore.documents (organization_id, source_url)
      where source_url is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index lore.documents_source_url_idx`.execute(db);
}
