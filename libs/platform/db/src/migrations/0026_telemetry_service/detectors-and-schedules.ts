import { type Kysely, sql } from "kysely";

/**
 * Anomaly detectors watch one metric series each, bucketed and aggregated, with a robust (median/MAD)
 * or seasonal method; the anomalies they find name them. Forecast models gain a horizon and a
 * refresh schedule so the forecast job can keep their forecasts current.
 */
export async function createDetectorsAndSchedules(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timeseries.anomaly_detectors (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      metric_kind text not null default 'business' check (metric_kind in ('business', 'agent')),
      metric_name text not null,
      where_dimensions jsonb not null default '{}',
      aggregate text not null default 'avg',
      bucket_seconds integer not null check (bucket_seconds between 1 and 86400),
      method text not null check (method in ('mad', 'seasonal_mad')),
      parameters jsonb not null default '{}',
      raise_alerts boolean not null default false,
      alert_severity text not null default 'warning'
        check (alert_severity in ('info', 'warning', 'error', 'critical')),
      enabled boolean not null default true,
      checked_until timestamptz,
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create trigger touch_updated_at before update on timeseries.anomaly_detectors
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('timeseries.anomaly_detectors'::regclass);
    grant select, insert, update, delete on timeseries.anomaly_detectors to cauldron_app, cauldron_system;

    alter table timeseries.anomalies add column detector_id uuid;
    create index anomalies_detector_idx on timeseries.anomalies (detector_id, time desc) where detector_id is not null;

    alter table timeseries.forecast_models
      add column horizon integer not null default 48 check (horizon between 1 and 10000),
      add column refresh_every_seconds integer check (refresh_every_seconds between 60 and 31536000),
      add column last_run_at timestamptz,
      add column created_by uuid references public.users (id) on delete set null;
  `.execute(db);
}

/** Reverses createDetectorsAndSchedules. */
export async function dropDetectorsAndSchedules(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table timeseries.forecast_models
      drop column horizon, drop column refresh_every_seconds, drop column last_run_at, drop column created_by;
    drop index timeseries.anomalies_detector_idx;
    alter table timeseries.anomalies drop column detector_id;
    drop table timeseries.anomaly_detectors;
  `.execute(db);
}
