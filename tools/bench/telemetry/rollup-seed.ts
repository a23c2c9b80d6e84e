import type { Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { countLabel, progress } from "./ingest-settings";
import type { RollupLayout } from "./rollup-layout";

// Progress after each tenth of the rows.
const SLICES = 10;
const TABLES = ["business_metrics", "metric_rollups_1m", "metric_rollups_1h", "metric_rollups_1d"];

// Natively partitioned tables need their daily partitions before rows arrive; hypertables answer 0.
async function ensurePartitions(systemDb: Kysely<Database>, layout: RollupLayout): Promise<void> {
  for (const table of TABLES) {
    await sql`select timeseries.ensure_partitions(${`timeseries.${table}`}::regclass, ${layout.from}, ${layout.to})`.execute(
      systemDb,
    );
  }
}

/**
 * Writes the layout's raw points server-side with INSERT … generate_series as the system role, a
 * tenth of every series' points per statement; values are pseudo-random with three decimals.
 * Answers the seconds the inserts took.
 */
export async function seedRawPoints(
  systemDb: Kysely<Database>,
  organizationId: string,
  layout: RollupLayout,
): Promise<number> {
  await ensurePartitions(systemDb, layout);
  let written = 0;
  const started = performance.now();
  for (let slice = 0; slice < SLICES; slice += 1) {
    const first = Math.floor((slice * layout.pointsPerSeries) / SLICES);
    const last = Math.floor(((slice + 1) * layout.pointsPerSeries) / SLICES) - 1;
    if (last < first) continue;
    const result = await sql`
      insert into timeseries.business_metrics (time, organization_id, metric_name, metric_value, dimensions)
      select ${layout.from}::timestamptz + (tick * ${layout.spacingMs}) * interval '1 millisecond',
        ${organizationId}::uuid, (${layout.metrics}::text[])[metric + 1],
        ((tick * 7919 + series * 104729 + metric * 15485863) % 100000) / 1000.0,
        jsonb_build_object('store', 'store-' || series, 'region', case when series % 2 = 0 then 'eu' else 'us' end)
      from generate_series(0, ${layout.metrics.length - 1}) as metric
        cross join generate_series(0, ${layout.series - 1}) as series
        cross join generate_series(${first}::bigint, ${last}::bigint) as tick
    `.execute(systemDb);
    written += Number(result.numAffectedRows ?? 0);
    const seconds = (performance.now() - started) / 1_000;
    progress(
      `loaded ${countLabel(written)} of ${countLabel(layout.rows)} rows (${Math.round((100 * written) / layout.rows)}%), ${countLabel(written / seconds)} rows/s`,
    );
  }
  if (written !== layout.rows) throw new Error(`loaded ${written} rows instead of ${layout.rows}`);
  return (performance.now() - started) / 1_000;
}

/**
 * Lists every minute holding points as pending, as writers do; each minute's touched_at is the
 * minute itself, as when points arrive live, so the job takes them in time order. Answers how many.
 */
export async function markAllMinutesPending(systemDb: Kysely<Database>, organizationId: string): Promise<number> {
  const result = await sql`
    insert into timeseries.rollup_pending (organization_id, kind, metric_name, minute, touched_at)
    select ${organizationId}::uuid, 'business', metric_name, minute, minute
    from (
      select distinct metric_name, date_trunc('minute', time) as minute
      from timeseries.business_metrics where organization_id = ${organizationId}::uuid
    ) as touched
    order by minute, metric_name
  `.execute(systemDb);
  return Number(result.numAffectedRows ?? 0);
}
