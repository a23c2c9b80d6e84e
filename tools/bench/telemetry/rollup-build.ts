import type { Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { rollUpPending, type RollupProgress } from "../../../libs/services/telemetry/src/rollups/roll-up-pending";
import { countLabel, progress } from "./ingest-settings";

const WATCH_EVERY_MS = 2_000;

async function pendingMinutes(systemDb: Kysely<Database>, organizationId: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from timeseries.rollup_pending where organization_id = ${organizationId}::uuid
  `.execute(systemDb);
  return rows[0]?.count ?? 0;
}

// Prints a line each time another tenth of the pending minutes is gone, read beside the job.
function watchPending(systemDb: Kysely<Database>, organizationId: string, total: number, started: number) {
  let reported = 0;
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    pendingMinutes(systemDb, organizationId)
      .then((left) => {
        const tenths = Math.floor((10 * (total - left)) / total);
        if (tenths <= reported) return;
        reported = tenths;
        const seconds = (performance.now() - started) / 1_000;
        progress(
          `rolled up ${countLabel(total - left)} of ${countLabel(total)} minutes (${tenths * 10}%) in ${seconds.toFixed(0)} s`,
        );
      })
      .catch((error: unknown) => progress(`could not read the pending minutes: ${String(error)}`))
      .finally(() => (reading = false));
  }, WATCH_EVERY_MS);
  return () => clearInterval(timer);
}

/** Runs the rollup job's pass to completion, as the job runs it; answers its seconds and what it did. */
export async function buildRollups(
  db: Kysely<Database>,
  systemDb: Kysely<Database>,
  organizationId: string,
  batchSize: number,
): Promise<{ seconds: number; done: RollupProgress }> {
  const total = await pendingMinutes(systemDb, organizationId);
  const started = performance.now();
  const stopWatching = watchPending(systemDb, organizationId, total, started);
  try {
    const done = await rollUpPending(db, { batchSize });
    return { seconds: (performance.now() - started) / 1_000, done };
  } finally {
    stopWatching();
  }
}

/** Fails unless nothing is left pending and every level's rollups count every raw row of the organization. */
export async function checkRollupTotals(
  systemDb: Kysely<Database>,
  organizationId: string,
  rows: number,
): Promise<void> {
  const left = await pendingMinutes(systemDb, organizationId);
  const { rows: totals } = await sql<{ level: string; samples: string | null }>`
    select '1m' as level, sum(sample_count)::text as samples from timeseries.metric_rollups_1m where organization_id = ${organizationId}::uuid
    union all
    select '1h', sum(sample_count)::text from timeseries.metric_rollups_1h where organization_id = ${organizationId}::uuid
    union all
    select '1d', sum(sample_count)::text from timeseries.metric_rollups_1d where organization_id = ${organizationId}::uuid
  `.execute(systemDb);
  const problems = totals
    .filter((total) => Number(total.samples ?? 0) !== rows)
    .map((total) => `${total.level} rollups count ${total.samples ?? 0} points instead of ${rows}`);
  if (left > 0) problems.push(`${left} minutes are still pending`);
  if (problems.length > 0) throw new Error(`the rollups are incomplete: ${problems.join("; ")}`);
}
