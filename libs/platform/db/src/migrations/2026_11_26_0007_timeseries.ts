import { type Kysely, sql } from "kysely";
import { createPartitionFunctions, type PartitioningMode } from "./timeseries/partition-functions";

/*
 * Time series for the telemetry service: metrics, activity, events, alerts, anomalies, forecasts.
 *
 * Partitioned by `time`, decided once, here: with the timescaledb extension every table becomes a
 * hypertable (1-day chunks); without it, a native RANGE-partitioned table with a DEFAULT
 * partition and daily partitions made by timeseries.ensure_partitions(), which the telemetry
 * maintenance job keeps calling ahead of time (a no-op for hypertables, so the job has one code
 * path). timeseries.partitioning_mode() says which one this database got.
 *
 * RLS lives on the parent. A query straight at a chunk or partition would skip the parent's
 * policies, so partitions get no grants and chunks live in schema timeseries_chunks, which the
 * app roles may not use. Nothing may reference a hypertable, so alerts carry their own id.
 */

interface TimeSeriesTable {
  name: string;
  columns: string;
  /** Leading columns of the lookup index; `time desc` is appended. */
  key: string;
  tenantOwned: boolean;
}

const SEVERITY = `severity text not null default 'info' check (severity in ('info', 'warning', 'error', 'critical'))`;
const ORGANIZATION = `organization_id uuid not null references public.organizations (id) on delete cascade`;

const TIME_SERIES_TABLES: TimeSeriesTable[] = [
  {
    name: "system_metrics",
    tenantOwned: false,
    key: "metric_name, host",
    columns: `time timestamptz not null default now(), host text not null, metric_name text not null,
      metric_value double precision not null, tags jsonb not null default '{}'`,
  },
  {
    name: "user_activity",
    tenantOwned: true,
    key: "user_id",
    columns: `time timestamptz not null default now(), ${ORGANIZATION},
      user_id uuid not null references public.users (id) on delete cascade, activity_type text not null,
      details jsonb not null default '{}', ip_address inet, user_agent text`,
  },
  {
    name: "business_metrics",
    tenantOwned: true,
    key: "organization_id, metric_name",
    columns: `time timestamptz not null default now(), ${ORGANIZATION}, metric_name text not null,
      metric_value double precision not null, dimensions jsonb not null default '{}'`,
  },
  {
    name: "agent_metrics",
    tenantOwned: true,
    key: "agent_id, metric_name",
    columns: `time timestamptz not null default now(), ${ORGANIZATION}, agent_id uuid not null,
      execution_id uuid, metric_name text not null, metric_value double precision not null,
      tags jsonb not null default '{}'`,
  },
  {
    name: "events",
    tenantOwned: true,
    key: "organization_id, event_type",
    columns: `time timestamptz not null default now(), ${ORGANIZATION}, event_type text not null,
      source text not null, user_id uuid references public.users (id) on delete set null,
      entity_type text, entity_id uuid, ${SEVERITY}, details jsonb not null default '{}'`,
  },
  {
    name: "alerts",
    tenantOwned: true,
    key: "organization_id, status",
    columns: `id uuid not null default gen_random_uuid(), time timestamptz not null default now(), ${ORGANIZATION},
      alert_type text not null, source text not null, ${SEVERITY},
      status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
      title text not null, description text,
      assigned_to uuid references public.users (id) on delete set null,
      details jsonb not null default '{}', acknowledged_at timestamptz, resolved_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (id, time)`,
  },
  {
    name: "anomalies",
    tenantOwned: true,
    key: "organization_id, metric_name",
    columns: `time timestamptz not null default now(), ${ORGANIZATION}, metric_name text not null,
      entity_type text, entity_id uuid, expected_value double precision, actual_value double precision not null,
      deviation_percent double precision, ${SEVERITY}, details jsonb not null default '{}'`,
  },
  {
    name: "forecasts",
    tenantOwned: true,
    key: "model_id, metric_name",
    columns: `time timestamptz not null, ${ORGANIZATION}, model_id uuid not null, metric_name text not null,
      entity_type text, entity_id uuid, forecast_value double precision not null,
      confidence_lower double precision, confidence_upper double precision,
      created_at timestamptz not null default now(),
      check (confidence_lower <= confidence_upper),
      foreign key (organization_id, model_id)
        references timeseries.forecast_models (organization_id, id) on delete cascade`,
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ present: boolean }>`
    select exists (select from pg_extension where extname = 'timescaledb') as present
  `.execute(db);
  const mode: PartitioningMode = rows[0]?.present ? "hypertable" : "native";
  if (mode === "hypertable") {
    // Chunks carry the hypertable's grants but none of its policies: keep them in a schema the
    // app roles cannot enter. Reads and writes through the hypertable do not need it.
    await sql`create schema timeseries_chunks`.execute(db);
    await sql`revoke all on schema timeseries_chunks from public`.execute(db);
  }

  await createPartitionFunctions(db, mode);
  await createForecastModels(db);
  for (const table of TIME_SERIES_TABLES) {
    await createTimeSeriesTable(db, table, mode);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TIME_SERIES_TABLES].reverse()) {
    await sql`drop table ${sql.table(`timeseries.${table.name}`)}`.execute(db);
  }
  await sql`
    drop table timeseries.forecast_models;
    drop function timeseries.ensure_partitions(regclass, timestamptz, timestamptz);
    drop function timeseries.partitioning_mode();
    drop schema if exists timeseries_chunks;
  `.execute(db);
}

async function createTimeSeriesTable(db: Kysely<unknown>, table: TimeSeriesTable, mode: PartitioningMode) {
  const name = `timeseries.${table.name}`;
  const partitioning = mode === "native" ? sql`partition by range (time)` : sql``;
  await sql`create table ${sql.table(name)} (${sql.raw(table.columns)}) ${partitioning}`.execute(db);

  if (mode === "hypertable") {
    await sql`
      select create_hypertable(${sql.lit(name)}, 'time',
        chunk_time_interval => interval '1 day', create_default_indexes => false,
        associated_schema_name => 'timeseries_chunks')
    `.execute(db);
  } else {
    await sql`create table ${sql.table(`${name}_default`)} partition of ${sql.table(name)} default`.execute(db);
    await sql`revoke all on ${sql.table(`${name}_default`)} from public, cauldron_app, cauldron_system`.execute(db);
    await sql`
      select timeseries.ensure_partitions(${sql.lit(name)}, now() - interval '1 day', now() + interval '7 days')
    `.execute(db);
  }

  await sql`
    create index ${sql.id(`${table.name}_key_idx`)} on ${sql.table(name)} (${sql.raw(table.key)}, time desc);
    create index ${sql.id(`${table.name}_time_idx`)} on ${sql.table(name)} (time desc);
  `.execute(db);
  if (table.name === "events") {
    await sql`create index events_user_idx on timeseries.events (user_id, time desc) where user_id is not null`.execute(db);
  }
  if (table.name === "alerts") {
    await sql`
      create trigger touch_updated_at before update on timeseries.alerts
        for each row execute function app.touch_updated_at()
    `.execute(db);
  }

  if (table.tenantOwned) {
    // Not app.apply_org_rls: with its "organization_id = app.current_org_id()", TimescaleDB 2.19's
    // ChunkAppend fails every UPDATE/DELETE that also filters on organization_id ("variable not
    // found in subplan target list"). "= any (array[...])" confines the same rows, is still an
    // index condition, and behaves the same on native partitions, so both modes share it.
    await sql`
      alter table ${sql.table(name)} enable row level security;
      create policy tenant_isolation on ${sql.table(name)}
        using (organization_id = any (array[app.current_org_id()]))
        with check (organization_id = app.current_org_id());
      grant select, insert, update, delete on ${sql.table(name)} to cauldron_app, cauldron_system;
    `.execute(db);
  } else {
    // Platform-wide rows: RLS without a policy hides them from the app role; the system role reads them.
    await sql`alter table ${sql.table(name)} enable row level security`.execute(db);
    await sql`grant select, insert, update, delete on ${sql.table(name)} to cauldron_system`.execute(db);
  }
}

async function createForecastModels(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timeseries.forecast_models (
      id uuid primary key default gen_random_uuid(),
      ${sql.raw(ORGANIZATION)},
      name text not null check (name <> ''),
      description text,
      target_metric text not null,
      model_type text not null,
      parameters jsonb not null default '{}',
      accuracy_metrics jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create trigger touch_updated_at before update on timeseries.forecast_models
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('timeseries.forecast_models');
    grant select, insert, update, delete on timeseries.forecast_models to cauldron_app, cauldron_system;
  `.execute(db);
}
