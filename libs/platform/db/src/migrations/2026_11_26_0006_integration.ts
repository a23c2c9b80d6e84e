import { type Kysely, sql } from "kysely";

/*
 * Transactional outbox and consumer idempotency for domain events. Tenants may only append
 * events for their own organization (or none); the relay reads and marks them through withSystem,
 * so writers must not ask for rows back (no RETURNING: there is no read policy).
 * organization_id has no foreign key on purpose: an "organization deleted" event must outlive
 * the organization it reports.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table integration.outbox (
      id uuid primary key default gen_random_uuid(),
      event_type text not null,
      aggregate_type text not null,
      aggregate_id text,
      organization_id uuid,
      payload jsonb not null,
      metadata jsonb not null default '{}',
      occurred_at timestamptz not null default now(),
      published_at timestamptz,
      publish_attempts integer not null default 0,
      last_error text
    );
    create index outbox_unpublished_idx on integration.outbox (occurred_at) where published_at is null;
    create index outbox_organization_id_idx on integration.outbox (organization_id);

    create table integration.processed_events (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    );

    alter table integration.outbox enable row level security;
    create policy tenant_append on integration.outbox for insert
      with check (organization_id is null or organization_id = app.current_org_id());
    alter table integration.processed_events enable row level security;

    grant select, insert, update, delete on integration.outbox to cauldron_app, cauldron_system;
    grant select, insert, update, delete on integration.processed_events to cauldron_app, cauldron_system;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table integration.processed_events;
    drop table integration.outbox;
  `.execute(db);
}
