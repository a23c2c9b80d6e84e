import { type Kysely, sql } from "kysely";
import { createTenantTimeSeriesTable } from "./time-series-table";

/** The rollup widths, each with its table; one-day chunks or partitions, as every time-series table has. */
export const ROLLUP_LEVELS = [
  { table: "metric_rollups_1m" },
  { table: "metric_rollups_1h" },
  { table: "metric_rollups_1d" },
] as const;

// count, sum, min and max merge exactly; first and last keep their times so they merge too.
const ROLLUP_COLUMNS = `time timestamptz not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null check (kind in ('business', 'agent')),
  agent_id uuid,
  metric_name text not null,
  dimensions jsonb not null default '{}',
  sample_count bigint not null check (sample_count > 0),
  value_sum double precision not null,
  value_min double precision not null,
  value_max double precision not null,
  first_time timestamptz not null,
  first_value double precision not null,
  last_time timestamptz not null,
  last_value double precision not null,
  check ((kind = 'agent') = (agent_id is not null))`;

/**
 * One rollup table per width: a row per (organization, kind, agent, metric, dimensions, bucket).
 * timeseries.rollup_pending lists the minutes whose raw rows changed since they were rolled up;
 * writers add to it in the transaction that writes the points, the rollup job empties it, and a
 * query trusts rollups only before the earliest pending minute of its metric.
 */
export async function createRollupTables(db: Kysely<unknown>): Promise<void> {
  for (const level of ROLLUP_LEVELS) {
    await createTenantTimeSeriesTable(db, {
      name: level.table,
      columns: ROLLUP_COLUMNS,
      key: "organization_id, kind, metric_name",
    });
  }
  await sql`
    create table timeseries.rollup_pending (
      organization_id uuid not null references public.organizations (id) on delete cascade,
      kind text not null check (kind in ('business', 'agent')),
      metric_name text not null,
      minute timestamptz not null check (minute = date_trunc('minute', minute)),
      touched_at timestamptz not null default now(),
      primary key (organization_id, kind, metric_name, minute)
    );
    create index rollup_pending_touched_at_idx on timeseries.rollup_pending (touched_at);
    select app.apply_org_rls('timeseries.rollup_pending'::regclass);
    grant select, insert, update, delete on timeseries.rollup_pending to cauldron_app, cauldron_system;
  `.execute(db);
}

/** Reverses createRollupTables. */
export async function dropRollupTables(db: Kysely<unknown>): Promise<void> {
  await sql`drop table timeseries.rollup_pending`.execute(db);
  for (const level of [...ROLLUP_LEVELS].reverse()) {
    await sql`drop table ${sql.table(`timeseries.${level.table}`)}`.execute(db);
  }
}
