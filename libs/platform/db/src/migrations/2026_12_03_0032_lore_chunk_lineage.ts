import { type Kysely, sql } from "kysely";

/*
 * A chunk whose text a new version keeps from the previous one names the chunk its embedding was
 * stored under (`embedded_as`; null means the chunk's own id). The embedding then stays where it
 * is: moving it to each new chunk id rewrote the row and its entries in every index of
 * vector.embeddings, the HNSW graph's included, once per unchanged chunk on every edit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table lore.document_chunks add column embedded_as uuid`.execute(db);
  await sql`
    create index document_chunks_embedded_as_idx on lore.document_chunks (embedded_as)
    where embedded_as is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index lore.document_chunks_embedded_as_idx`.execute(db);
  await sql`alter table lore.document_chunks drop column embedded_as`.execute(db);
}
