import { type Kysely, sql } from "kysely";

/**
 * Where an organization's alerts are sent (email addresses or a webhook signed with the channel's
 * secret) and each send: one delivery per (channel, alert, transition), retried with backoff until
 * delivered or out of attempts, so a restart or a failing receiver loses no notification.
 */
export async function createNotificationTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timeseries.alert_channels (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('email', 'webhook')),
      email_addresses text[] not null default '{}',
      webhook_url text,
      signing_secret text,
      min_severity text not null default 'info' check (min_severity in ('info', 'warning', 'error', 'critical')),
      enabled boolean not null default true,
      created_by uuid references public.users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'email') = (cardinality(email_addresses) > 0)),
      check ((kind = 'webhook') = (webhook_url is not null and signing_secret is not null)),
      unique (organization_id, name),
      unique (organization_id, id)
    );
    create trigger touch_updated_at before update on timeseries.alert_channels
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('timeseries.alert_channels'::regclass);
    grant select, insert, update, delete on timeseries.alert_channels to cauldron_app, cauldron_system;

    create table timeseries.alert_deliveries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null,
      channel_id uuid not null,
      alert_id uuid not null,
      transition text not null check (transition in ('firing', 'resolved')),
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      next_attempt_at timestamptz not null default now(),
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (channel_id, alert_id, transition),
      foreign key (organization_id, channel_id)
        references timeseries.alert_channels (organization_id, id) on delete cascade
    );
    create index alert_deliveries_due_idx on timeseries.alert_deliveries (next_attempt_at) where status = 'pending';
    create index alert_deliveries_alert_idx on timeseries.alert_deliveries (organization_id, alert_id);
    create trigger touch_updated_at before update on timeseries.alert_deliveries
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('timeseries.alert_deliveries'::regclass);
    grant select, insert, update, delete on timeseries.alert_deliveries to cauldron_app, cauldron_system;
  `.execute(db);
}

/** Reverses createNotificationTables. */
export async function dropNotificationTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table timeseries.alert_deliveries;
    drop table timeseries.alert_channels;
  `.execute(db);
}
