import { type Kysely, sql } from "kysely";

/*
 * A small write's vector waits in `pending_embedding` until a job moves it into `embedding`.
 * pgvector leaves a null vector out of an HNSW index, so the row is stored, committed and found
 * by search (searched exactly while it waits) without first joining the model's graph, whose
 * insert grows with the graph. Exactly one of the two columns holds a row's vector.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Every stored row has a non-null embedding (it was NOT NULL) and no pending one (a new column),
  // so both checks hold already: NOT VALID spares a big table a scan under an exclusive lock, and
  // the checks still apply to every row written from now on.
  await sql`
    alter table vector.embeddings
      add column pending_embedding vector,
      alter column embedding drop not null,
      add constraint embeddings_pending_dimensions_check
        check (vector_dims(pending_embedding) = dimensions) not valid,
      add constraint embeddings_one_vector_check
        check ((embedding is null) <> (pending_embedding is null)) not valid
  `.execute(db);
  await sql`
    create index embeddings_pending_idx on vector.embeddings (organization_id, model_id)
    where pending_embedding is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update vector.embeddings set embedding = pending_embedding, pending_embedding = null
    where pending_embedding is not null
  `.execute(db);
  await sql`drop index vector.embeddings_pending_idx`.execute(db);
  await sql`
    alter table vector.embeddings
      drop constraint embeddings_one_vector_check,
      drop constraint embeddings_pending_dimensions_check,
      alter column embedding set not null,
      drop column pending_embedding
  `.execute(db);
}
