import { withSystem, type Database } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { sql, type Kysely } from "kysely";

// Rows per transaction: each joins its model's HNSW graph, milliseconds apiece, and stays locked
// until the transaction ends, so an upsert of the same row waits at most one short batch.
const MOVE_BATCH_ROWS = 64;

/**
 * Moves up to `limit` pending vectors into `embedding`, which adds each row to its model's HNSW
 * graph; answers how many moved. Rows another run holds are skipped, not waited for.
 */
export async function indexPendingEmbeddings(db: Kysely<Database>, limit = MOVE_BATCH_ROWS): Promise<number> {
  return withSystem(db, async (trx) => {
    const result = await sql`
      update vector.embeddings e
      set embedding = e.pending_embedding, pending_embedding = null
      from (
        select id from vector.embeddings where pending_embedding is not null
        limit ${limit} for update skip locked
      ) waiting
      where e.id = waiting.id
    `.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}

/** The job that adds pending vectors (small writes: embedding-writes.ts) to their models' graphs. */
export function pendingEmbeddingsJob(options: { everyMs: number }): JobWorker {
  return {
    kind: "job",
    name: "vector.index-pending-embeddings",
    everyMs: options.everyMs,
    async run({ db, logger, signal }) {
      let moved = 0;
      while (!signal.aborted) {
        const batch = await indexPendingEmbeddings(db);
        moved += batch;
        if (batch < MOVE_BATCH_ROWS) break;
      }
      if (moved > 0) logger.debug({ moved }, "added pending embeddings to their models' HNSW graphs");
    },
  };
}
