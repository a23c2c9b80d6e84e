import { type Kysely, sql } from "kysely";

const SEVERITY = `severity text not null default 'warning' check (severity in ('info', 'warning', 'error', 'critical'))`;

/**
 * Alert rules and their state, Prometheus-style: a rule aggregates one metric over a trailing window
 * (per group), compares it with a threshold, and a group whose condition holds is `pending` until it
 * has held for `for_seconds`, then `firing` with an open row in timeseries.alerts; when the condition
 * clears, the state row goes and the alert is resolved. Alerts gain the rule that raised them, its
 * labels and a silence that holds back notifications until a time.
 */
export async function createAlertTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timeseries.alert_rules (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      description text,
      metric_kind text not null default 'business' check (metric_kind in ('business', 'agent')),
      metric_name text not null,
      aggregate text not null,
      window_seconds integer not null check (window_seconds between 1 and 31536000),
      group_by text[] not null default '{}',
      where_dimensions jsonb not null default '{}',
      condition text not null check (condition in ('>', '>=', '<', '<=', '==', '!=')),
      threshold double precision not null,
      for_seconds integer not null default 0 check (for_seconds between 0 and 31536000),
      ${sql.raw(SEVERITY)},
      labels jsonb not null default '{}',
      enabled boolean not null default true,
      evaluate_every_seconds integer not null default 60 check (evaluate_every_seconds between 1 and 86400),
      next_evaluation_at timestamptz not null default now(),
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create index alert_rules_due_idx on timeseries.alert_rules (next_evaluation_at) where enabled;
    create trigger touch_updated_at before update on timeseries.alert_rules
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('timeseries.alert_rules'::regclass);
    grant select, insert, update, delete on timeseries.alert_rules to cauldron_app, cauldron_system;

    create table timeseries.alert_rule_states (
      organization_id uuid not null,
      rule_id uuid not null,
      group_key text not null,
      group_dimensions jsonb not null default '{}',
      state text not null check (state in ('pending', 'firing')),
      active_since timestamptz not null,
      last_value double precision,
      last_evaluated_at timestamptz not null default now(),
      alert_id uuid,
      alert_time timestamptz,
      primary key (rule_id, group_key),
      check ((state = 'firing') = (alert_id is not null and alert_time is not null)),
      foreign key (organization_id, rule_id) references timeseries.alert_rules (organization_id, id) on delete cascade
    );
    create index alert_rule_states_organization_idx on timeseries.alert_rule_states (organization_id);
    select app.apply_org_rls('timeseries.alert_rule_states'::regclass);
    grant select, insert, update, delete on timeseries.alert_rule_states to cauldron_app, cauldron_system;

    alter table timeseries.alerts
      add column rule_id uuid,
      add column labels jsonb not null default '{}',
      add column silenced_until timestamptz;
    create index alerts_rule_idx on timeseries.alerts (rule_id, time desc) where rule_id is not null;
  `.execute(db);
}

/** Reverses createAlertTables. */
export async function dropAlertTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index timeseries.alerts_rule_idx;
    alter table timeseries.alerts drop column rule_id, drop column labels, drop column silenced_until;
    drop table timeseries.alert_rule_states;
    drop table timeseries.alert_rules;
  `.execute(db);
}
