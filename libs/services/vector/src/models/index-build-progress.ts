import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/*
 * A plain CREATE INDEX reports no index oid in pg_stat_progress_create_index (index_relid is 0
 * until the build ends), so the index job labels its build transaction with the model in
 * application_name and readers find the build through pg_stat_activity. Postgres shows a build's
 * counters only to sessions of the same login role, which the job and the procedures share.
 */

/** How far a model's index build has come, as models.get shows it. */
export interface IndexBuildProgress {
  phase: string;
  percent: number;
}

/** The counters of one pg_stat_progress_create_index row the percent is computed from. */
export interface CreateIndexCounters {
  blocksTotal: number;
  blocksDone: number;
  tuplesTotal: number;
  tuplesDone: number;
}

/** The application_name of the transaction building `modelId`'s index. */
export function indexBuildLabel(modelId: string): string {
  return `vector index build ${modelId}`;
}

/**
 * Percent done, 0–100 with one decimal: HNSW reports the table scan in blocks (its graph is built
 * as tuples are read), other phases count tuples; neither known yet reads as 0.
 */
export function indexBuildPercent(counters: CreateIndexCounters): number {
  const fraction =
    counters.blocksTotal > 0
      ? counters.blocksDone / counters.blocksTotal
      : counters.tuplesTotal > 0
        ? counters.tuplesDone / counters.tuplesTotal
        : 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
}

interface ProgressRow {
  label: string;
  phase: string | null;
  blocks_total: number | null;
  blocks_done: number | null;
  tuples_total: number | null;
  tuples_done: number | null;
}

/** The progress of each running build among `modelIds`, by model id; models not building are absent. */
export async function readIndexBuildProgress(
  trx: Transaction<Database>,
  modelIds: readonly string[],
): Promise<Map<string, IndexBuildProgress>> {
  const progress = new Map<string, IndexBuildProgress>();
  if (modelIds.length === 0) return progress;
  const labels = new Map(modelIds.map((id) => [indexBuildLabel(id), id]));
  const { rows } = await sql<ProgressRow>`
    select a.application_name as label, p.phase, p.blocks_total, p.blocks_done, p.tuples_total, p.tuples_done
    from pg_catalog.pg_stat_progress_create_index p
    join pg_catalog.pg_stat_activity a on a.pid = p.pid
    where p.relid = 'vector.embeddings'::regclass and a.application_name = any(${[...labels.keys()]}::text[])
  `.execute(trx);
  for (const row of rows) {
    const modelId = labels.get(row.label);
    // Null counters: the build runs under another login role, whose progress Postgres hides.
    if (modelId === undefined || row.phase === null) continue;
    progress.set(modelId, {
      phase: row.phase,
      percent: indexBuildPercent({
        blocksTotal: row.blocks_total ?? 0,
        blocksDone: row.blocks_done ?? 0,
        tuplesTotal: row.tuples_total ?? 0,
        tuplesDone: row.tuples_done ?? 0,
      }),
    });
  }
  return progress;
}
